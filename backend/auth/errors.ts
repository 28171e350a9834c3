import { fr } from '../http/french';

/**
 * Why a login did not go through: a machine code (sent to the extension as `error`), a precise
 * reason for the logs (claim or parameter names only, never values) and a French explanation a
 * citizen can act on (sent as `error_description` and shown on error pages).
 */

export type LoginErrorCode =
  /** The state is unknown, expired or already used (page only: we do not know where to redirect). */
  | 'login_expired'
  /** The browser finishing the login is not the one that started it (page only). */
  | 'browser_mismatch'
  | 'invalid_authorization_response'
  | 'token_rejected'
  | 'invalid_id_token'
  | 'insufficient_acr'
  | 'invalid_userinfo'
  | 'provider_unavailable'
  | 'server_error';

const NOT_YOUR_FAULT = 'Vous n’y êtes pour rien.';

export const LOGIN_ERROR_MESSAGES: Record<LoginErrorCode, { title: string; message: string }> = {
  login_expired: {
    title: fr`Cette connexion a expiré`,
    message:
      fr`Ce lien de connexion n’est plus valable : il a déjà servi, ou la connexion a pris trop de temps. ` +
      fr`Fermez cette fenêtre et relancez la connexion depuis l’extension Pivot.`,
  },
  browser_mismatch: {
    title: fr`Connexion commencée ailleurs`,
    message:
      fr`Cette connexion a été commencée dans un autre navigateur ou une autre fenêtre. Par sécurité, elle est refusée. ` +
      fr`Relancez la connexion depuis l’extension Pivot, dans ce navigateur.`,
  },
  invalid_authorization_response: {
    title: fr`La connexion n’a pas abouti`,
    message: fr`La réponse reçue ne provient pas de FranceConnect ou a été modifiée. Par sécurité, la connexion est refusée. ${NOT_YOUR_FAULT} Relancez la connexion.`,
  },
  token_rejected: {
    title: fr`La connexion n’a pas abouti`,
    message:
      fr`FranceConnect n’a pas confirmé la connexion : elle a peut-être pris trop de temps ou déjà été utilisée. ` +
      fr`Relancez la connexion depuis l’extension Pivot.`,
  },
  invalid_id_token: {
    title: fr`La connexion n’a pas abouti`,
    message: fr`L’identité transmise n’a pas pu être vérifiée (signature ou contenu non conforme). Par sécurité, elle est refusée. ${NOT_YOUR_FAULT} Réessayez plus tard.`,
  },
  insufficient_acr: {
    title: fr`La connexion n’a pas abouti`,
    message: fr`Le niveau de garantie de la connexion n’est pas celui demandé. Par sécurité, elle est refusée. ${NOT_YOUR_FAULT} Réessayez plus tard.`,
  },
  invalid_userinfo: {
    title: fr`La connexion n’a pas abouti`,
    message: fr`Les informations d’identité transmises n’ont pas pu être vérifiées. Par sécurité, elles sont refusées. ${NOT_YOUR_FAULT} Réessayez plus tard.`,
  },
  provider_unavailable: {
    title: fr`FranceConnect est momentanément indisponible`,
    message: fr`Pivot n’arrive pas à joindre FranceConnect pour le moment. Réessayez dans quelques minutes.`,
  },
  server_error: {
    title: fr`Une erreur est survenue`,
    message: fr`Une erreur technique a interrompu la connexion. ${NOT_YOUR_FAULT} Réessayez dans quelques minutes.`,
  },
};

export class LoginError extends Error {
  constructor(
    readonly code: LoginErrorCode,
    /** e.g. "id_token.nonce", "userinfo.signature", "state.unknown" — for logs and tests. */
    readonly reason: string,
    cause?: unknown,
  ) {
    super(`login rejected: ${reason}`, { cause });
    this.name = 'LoginError';
  }
}

/**
 * FranceConnect's own errors (redirected to our callback with `error` and `error_description`,
 * franceconnect.md §2.4 and §6.1), in words a citizen understands.
 */
export function describeProviderError(error: string): { code: string; title: string; message: string } {
  const code = /^[a-z_]{1,64}$/.test(error) ? error : 'server_error';
  switch (code) {
    case 'access_denied':
      return {
        code,
        title: fr`Connexion annulée`,
        message: fr`Vous avez annulé la connexion avec FranceConnect. Aucune donnée n’a été transmise à Pivot.`,
      };
    case 'temporarily_unavailable':
      return {
        code,
        title: fr`FranceConnect est momentanément indisponible`,
        message: fr`FranceConnect ne peut pas traiter la connexion pour le moment. Réessayez dans quelques minutes.`,
      };
    case 'server_error':
      return {
        code,
        title: fr`FranceConnect a rencontré une erreur`,
        message: fr`FranceConnect a rencontré une erreur technique. Réessayez dans quelques minutes.`,
      };
    case 'login_required':
    case 'consent_required':
    case 'interaction_required':
      return {
        code,
        title: fr`Connexion à reprendre`,
        message: fr`FranceConnect demande que vous vous connectiez à nouveau. Relancez la connexion depuis l’extension Pivot.`,
      };
    case 'invalid_request':
    case 'invalid_scope':
    case 'invalid_acr':
    case 'invalid_idp_hint':
    case 'unauthorized_client':
    case 'unsupported_response_type':
      return {
        code,
        title: fr`FranceConnect a refusé la demande`,
        message: fr`FranceConnect a refusé la demande de connexion envoyée par Pivot (code « ${code} »). ${NOT_YOUR_FAULT} Le service doit corriger sa configuration ; réessayez plus tard.`,
      };
    default:
      return {
        code,
        title: fr`FranceConnect a interrompu la connexion`,
        message: fr`FranceConnect a interrompu la connexion (code « ${code} »). Relancez la connexion depuis l’extension Pivot.`,
      };
  }
}
