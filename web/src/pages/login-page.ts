import { useState } from "preact/hooks";
import { ApiError } from "../api/api-error.ts";
import { useApp } from "../app-context.ts";
import { FormFooter, InputField } from "../components/field.ts";
import { useAction } from "../hooks/use-action.ts";
import { useTitle } from "../hooks/use-title.ts";
import { html } from "../html.ts";
import { nextPathAfterLogin, rememberNextPath } from "../session/next-path.ts";
import { oidcLinkChallengeCookie, readCookie, sessionCookiesKept, sessionNotKeptMessage } from "../session/session-cookies.ts";
import { useStore } from "../store/create-store.ts";

function OidcButtons() {
  const { info, api, router } = useApp();
  const providers = useStore(info, (value) => value?.oidcProviders ?? []);
  const search = useStore(router.store, (location) => location.search);
  if (providers.length === 0) return null;
  const returnTo = `${location.origin}/user/login`;
  return html`<div class="divider">or</div>
    <div class="oidc-buttons">
      ${providers.map((provider) => html`<a key=${provider.name} class="button" data-reload data-testid=${`oidc-${provider.name}`}
        href=${api.url(`/api/auth/oidc/${encodeURIComponent(provider.name)}/authorize`, { redirect_to: returnTo })}
        onClick=${() => rememberNextPath(nextPathAfterLogin(search))}>Log in with ${provider.displayName}</a>`)}
    </div>`;
}

/** Link an OpenID Connect login to the existing password account with the same e-mail address. */
function LinkAccountForm({ email, provider }: { email: string; provider: string }) {
  const { api, session, info } = useApp();
  const providerName = useStore(info, (value) => value?.oidcProviders.find((entry) => entry.name === provider)?.displayName ?? provider);
  const [password, setPassword] = useState("");
  const link = useAction(async () => {
    const challengeToken = readCookie(document.cookie, oidcLinkChallengeCookie);
    if (!challengeToken) throw new ApiError(400, "invalid_input", "The link request has expired. Start the login again.");
    await api.request("POST", `/api/auth/oidc/${encodeURIComponent(provider)}/link`, { body: { password, challengeToken }, anonymous: true });
    if (!sessionCookiesKept(document.cookie)) throw new ApiError(200, "session_not_kept", sessionNotKeptMessage);
    await session.check();
  });
  return html`<form class="panel" onSubmit=${(event: Event) => {
    event.preventDefault();
    void link.run();
  }}>
    <h2>Link your ${providerName} login</h2>
    <p>An account with the e-mail address <strong>${email}</strong> already exists. Enter its password to log in with ${providerName} from now on.</p>
    <${InputField} label="Password" name="password" type="password" value=${password} onValue=${setPassword} required autocomplete="current-password" error=${link.fieldErrors.password} />
    <${FormFooter} pending=${link.pending} label="Link and log in" error=${link.error} />
  </form>`;
}

export default function LoginPage() {
  const { api, session, router } = useApp();
  useTitle("Log in");
  const search = useStore(router.store, (location) => location.search);
  const params = new URLSearchParams(search);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const login = useAction(async () => {
    try {
      await api.request("POST", "/api/user/login", { body: { email, password }, anonymous: true });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) throw new ApiError(401, error.kind, "Wrong e-mail address or password.");
      throw error;
    }
    if (!sessionCookiesKept(document.cookie)) throw new ApiError(200, "session_not_kept", sessionNotKeptMessage);
    await session.check();
  });
  const providerError = params.get("error_description") ?? params.get("error");
  const notice = params.has("registered") ? "Your account was created. Log in to continue." : params.has("reset") ? "Your password was changed. Log in with the new one." : undefined;

  return html`<section class="auth-page">
    <h1>Log in</h1>
    ${notice ? html`<p class="notice" role="status">${notice}</p>` : null}
    ${providerError ? html`<p class="error-message" role="alert">The login provider reported a problem: ${providerError}</p>` : null}
    ${params.get("action") === "link_required" && params.get("provider")
      ? html`<${LinkAccountForm} email=${params.get("email") ?? ""} provider=${params.get("provider")!} />`
      : html`<form class="panel" data-testid="login-form" onSubmit=${(event: Event) => {
          event.preventDefault();
          void login.run();
        }}>
          <${InputField} label="E-mail" name="email" type="email" value=${email} onValue=${setEmail} required autocomplete="username" testid="login-email" error=${login.fieldErrors.email} autofocus />
          <${InputField} label="Password" name="password" type="password" value=${password} onValue=${setPassword} required autocomplete="current-password" testid="login-password" error=${login.fieldErrors.password} />
          <${FormFooter} pending=${login.pending} label="Log in" pendingLabel="Logging in…" testid="login-submit" error=${login.error} />
          <p class="small"><a href="/user/reset-password">Forgot your password?</a></p>
          <${OidcButtons} />
        </form>
        <p>No account yet? <a href="/user/register" data-testid="register-link">Create one</a>.</p>`}
  </section>`;
}
