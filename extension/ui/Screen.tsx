import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

interface ScreenProps {
  title: string;
  /** Move keyboard and screen-reader focus to the title (when this screen replaced another). */
  focusTitle?: boolean;
  children?: ComponentChildren;
}

/** One popup state: a titled region. The title takes focus on arrival, so screen readers announce it. */
export function Screen({ title, focusTitle = false, children }: ScreenProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusTitle) heading.current?.focus();
  }, [focusTitle, title]);
  return (
    <section class="pivot-screen" aria-labelledby="pivot-screen-title">
      <h1 id="pivot-screen-title" class="fr-h5" tabIndex={-1} ref={heading}>
        {title}
      </h1>
      {children}
    </section>
  );
}
