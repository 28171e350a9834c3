import type { ComponentChildren } from 'preact';

interface NoticeProps {
  type: 'info' | 'success' | 'warning' | 'error';
  title?: string;
  children: ComponentChildren;
}

/** A DSFR alert. Errors and warnings interrupt screen readers (role=alert); the rest is polite (role=status). */
export function Notice({ type, title, children }: NoticeProps) {
  const urgent = type === 'error' || type === 'warning';
  return (
    <div class={`fr-alert fr-alert--${type} ${title ? '' : 'fr-alert--sm'} pivot-notice`} role={urgent ? 'alert' : 'status'}>
      {title && <h2 class="fr-alert__title">{title}</h2>}
      <p>{children}</p>
    </div>
  );
}
