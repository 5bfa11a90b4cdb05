/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** PocketBase client for this request, authenticated as the signed-in user (if any). */
    pb: import('pocketbase').default;
    /** The signed-in staff member, or null. */
    user: import('./domain/identity/schema.ts').StaffUser | null;
    /** Set when PocketBase could not be reached while restoring the session. */
    backendDown: boolean;
  }
}
