/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Origin of the API when it is not this origin (Azure: the Function App). */
  readonly VITE_API_BASE_URL?: string;
  /** Entra ID sign-in (docs/console.md); without a client id and scope the development sign-in is used. */
  readonly VITE_ENTRA_CLIENT_ID?: string;
  readonly VITE_ENTRA_AUTHORITY?: string;
  readonly VITE_API_SCOPE?: string;
}
