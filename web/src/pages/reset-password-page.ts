import { useState } from "preact/hooks";
import { useApp } from "../app-context.ts";
import { FormFooter, InputField } from "../components/field.ts";
import { useAction } from "../hooks/use-action.ts";
import { useTitle } from "../hooks/use-title.ts";
import { html } from "../html.ts";
import { useStore } from "../store/create-store.ts";
import { defaultMinPasswordLength } from "./register-page.ts";

function RequestForm() {
  const { api } = useApp();
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState(false);
  const request = useAction(async () => {
    await api.request("POST", "/api/user/password-reset/request", { body: { email }, anonymous: true });
    setSent(true);
  });
  if (sent) return html`<p class="notice" role="status">If an account uses ${email}, a message with a link to choose a new password is on its way. The link works for a limited time.</p>`;
  return html`<form class="panel" onSubmit=${(event: Event) => {
    event.preventDefault();
    void request.run();
  }}>
    <p>Enter the e-mail address of your account. We send you a link to choose a new password.</p>
    <${InputField} label="E-mail" name="email" type="email" value=${email} onValue=${setEmail} required autocomplete="email" error=${request.fieldErrors.email} />
    <${FormFooter} pending=${request.pending} label="Send the link" pendingLabel="Sending…" error=${request.error} />
  </form>`;
}

function ConfirmForm({ token }: { token: string }) {
  const { api, info, router } = useApp();
  const minLength = useStore(info, (value) => value?.minPasswordLength ?? defaultMinPasswordLength);
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [mismatch, setMismatch] = useState(false);
  const save = useAction(async () => {
    await api.request("POST", "/api/user/password-reset/confirm", { body: { token, newPassword: password }, anonymous: true });
    router.navigate("/user/login?reset=1", { replace: true });
  });
  return html`<form class="panel" onSubmit=${(event: Event) => {
    event.preventDefault();
    setMismatch(password !== confirm);
    if (password === confirm) void save.run();
  }}>
    <${InputField} label="New password" name="newPassword" type="password" value=${password} onValue=${setPassword} required minLength=${minLength} autocomplete="new-password" hint=${`At least ${minLength} characters.`} error=${save.fieldErrors.newPassword} />
    <${InputField} label="Repeat the new password" name="confirm" type="password" value=${confirm} onValue=${setConfirm} required autocomplete="new-password" error=${mismatch ? "The two passwords differ." : undefined} />
    <${FormFooter} pending=${save.pending} label="Set the new password" error=${save.fieldErrors.token ?? save.error} />
  </form>`;
}

/** `/user/reset-password` asks for the e-mail address; `/user/reset-password#<token>` sets the new password. */
export default function ResetPasswordPage() {
  const { router } = useApp();
  useTitle("Reset your password");
  const token = useStore(router.store, (location) => decodeURIComponent(location.hash.slice(1)));
  return html`<section class="auth-page">
    <h1>${token ? "Choose a new password" : "Reset your password"}</h1>
    ${token ? html`<${ConfirmForm} token=${token} />` : html`<${RequestForm} />`}
    <p><a href="/user/login">Back to login</a></p>
  </section>`;
}
