import type { RateLimit } from "./rate-limit.ts";

/**
 * Every rate limit of the account endpoints, per client address and per account, in one
 * table. Per-address limits are looser than per-account ones because many people can share
 * one address (an office, a carrier-grade NAT). Per-account limits bound guessing against
 * one account from many addresses, at the price that anyone with an account's e-mail address
 * can slow down its logins.
 *
 * Original, for comparison: one shared bucket of 5 tokens refilled at 5 a minute per address
 * for login, refresh, registration and e-mail verification together.
 */
export const limits = {
  loginPerAddress: { name: "login-address", capacity: 20, refillPerMinute: 10, description: "login attempts from this address" },
  loginPerAccount: { name: "login-account", capacity: 10, refillPerMinute: 1, description: "login attempts for this account" },

  refreshPerAddress: { name: "refresh-address", capacity: 60, refillPerMinute: 30, description: "session refreshes from this address" },
  refreshPerUser: { name: "refresh-user", capacity: 30, refillPerMinute: 10, description: "session refreshes for this account" },

  registerPerAddress: { name: "register-address", capacity: 10, refillPerMinute: 1, description: "registrations from this address" },
  registerPerEmail: { name: "register-email", capacity: 5, refillPerMinute: 0.2, description: "registrations for this e-mail address" },

  passwordChangePerAddress: { name: "password-change-address", capacity: 20, refillPerMinute: 5, description: "password changes from this address" },
  passwordChangePerUser: { name: "password-change-user", capacity: 5, refillPerMinute: 1, description: "password changes for this account" },

  passwordResetRequestPerAddress: { name: "password-reset-request-address", capacity: 5, refillPerMinute: 1, description: "password reset requests from this address" },
  passwordResetRequestPerEmail: { name: "password-reset-request-email", capacity: 3, refillPerMinute: 0.1, description: "password reset requests for this e-mail address" },
  passwordResetConfirmPerAddress: { name: "password-reset-confirm-address", capacity: 10, refillPerMinute: 2, description: "password reset attempts from this address" },
  passwordResetConfirmPerUser: { name: "password-reset-confirm-user", capacity: 5, refillPerMinute: 1, description: "password reset attempts for this account" },

  emailVerificationRequestPerAddress: { name: "email-verification-request-address", capacity: 10, refillPerMinute: 2, description: "verification e-mail requests from this address" },
  // Five matches the five codes that may be outstanding per account.
  emailVerificationRequestPerUser: { name: "email-verification-request-user", capacity: 5, refillPerMinute: 0.2, description: "verification e-mail requests for this account" },
  emailVerificationVerifyPerAddress: { name: "email-verification-verify-address", capacity: 20, refillPerMinute: 5, description: "verification attempts from this address" },
  // Looser than the rest: the fifth wrong code already invalidates every code of the address.
  emailVerificationVerifyPerUser: { name: "email-verification-verify-user", capacity: 10, refillPerMinute: 2, description: "verification attempts for this account" },

  deletionPerUser: { name: "deletion-user", capacity: 5, refillPerMinute: 1, description: "deletion requests for this account" },

  oidcLinkPerAddress: { name: "oidc-link-address", capacity: 10, refillPerMinute: 2, description: "account link attempts from this address" },
  oidcLinkPerAccount: { name: "oidc-link-account", capacity: 5, refillPerMinute: 1, description: "account link attempts for this account" },
} as const satisfies Record<string, RateLimit>;
