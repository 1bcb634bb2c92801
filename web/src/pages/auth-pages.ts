/** Pages a logged-out visitor needs; they load together, in one chunk. */
export { default as LoginPage } from "./login-page.ts";
export { default as LogoutPage } from "./logout-page.ts";
export { default as RegisterPage } from "./register-page.ts";
export { default as ResetPasswordPage } from "./reset-password-page.ts";
export { default as VerifyEmailPage } from "./verify-email-page.ts";
