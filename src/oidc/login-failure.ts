/**
 * A login that cannot finish. `error` and `description` go to the web app in the query string
 * and are written for the person logging in; `detail` is for the log only.
 */
export class LoginFailure extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
    readonly detail: string = description,
  ) {
    super(detail);
    this.name = "LoginFailure";
  }
}
