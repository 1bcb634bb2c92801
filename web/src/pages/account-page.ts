import { useState } from "preact/hooks";
import type { Profile } from "../api/types.ts";
import { useApp } from "../app-context.ts";
import { FormFooter, InputField } from "../components/field.ts";
import { Loading } from "../components/status.ts";
import { UserTabs } from "../components/user-tabs.ts";
import { useAction } from "../hooks/use-action.ts";
import { useTitle } from "../hooks/use-title.ts";
import { html } from "../html.ts";
import { useStore } from "../store/create-store.ts";
import { defaultMinPasswordLength } from "./register-page.ts";

function PasswordForm() {
  const { api, info } = useApp();
  const minLength = useStore(info, (value) => value?.minPasswordLength ?? defaultMinPasswordLength);
  const [form, setForm] = useState({ oldPassword: "", newPassword: "", confirm: "" });
  const [mismatch, setMismatch] = useState(false);
  const [done, setDone] = useState(false);
  const set = (key: keyof typeof form) => (value: string) => setForm((current) => ({ ...current, [key]: value }));
  const change = useAction(async () => {
    await api.patch("/api/user/password", { oldPassword: form.oldPassword, newPassword: form.newPassword });
    setForm({ oldPassword: "", newPassword: "", confirm: "" });
    setDone(true);
  });
  return html`<form class="panel" aria-labelledby="password-heading" onSubmit=${(event: Event) => {
    event.preventDefault();
    setDone(false);
    setMismatch(form.newPassword !== form.confirm);
    if (form.newPassword === form.confirm) void change.run();
  }}>
    <h2 id="password-heading">Password</h2>
    ${done ? html`<p class="notice" role="status">Your password was changed.</p>` : null}
    <${InputField} label="Current password" name="oldPassword" type="password" value=${form.oldPassword} onValue=${set("oldPassword")} required autocomplete="current-password" error=${change.fieldErrors.oldPassword} />
    <${InputField} label="New password" name="newPassword" type="password" value=${form.newPassword} onValue=${set("newPassword")} required minLength=${minLength} autocomplete="new-password" hint=${`At least ${minLength} characters.`} error=${change.fieldErrors.newPassword} />
    <${InputField} label="Repeat the new password" name="confirm" type="password" value=${form.confirm} onValue=${set("confirm")} required autocomplete="new-password" error=${mismatch ? "The two passwords differ." : undefined} />
    <${FormFooter} pending=${change.pending} label="Change password" pendingLabel="Changing…" error=${change.error} />
  </form>`;
}

function EmailVerification({ profile }: { profile: Profile }) {
  const { api, session } = useApp();
  const [code, setCode] = useState("");
  const [sent, setSent] = useState(false);
  const request = useAction(async () => {
    await api.post("/api/user/email-verification/request");
    setSent(true);
  });
  const verify = useAction(async () => {
    await api.post("/api/user/email-verification/verify", { code });
    session.setProfile({ ...profile, emailVerified: true });
  });
  return html`<section class="panel" id="email" aria-labelledby="email-heading">
    <h2 id="email-heading">E-mail address</h2>
    <p>${profile.email} ${profile.emailVerified ? html`<span class="badge sharing-friends">verified</span>` : html`<span class="badge">not verified</span>`}</p>
    ${profile.emailVerified
      ? null
      : html`<p>We send an 8-digit code to this address. Enter it here, or open the link in the message.</p>
          ${sent ? html`<p class="notice" role="status">A new code is on its way. It is valid for 30 minutes.</p>` : null}
          ${request.error ? html`<p class="error-message" role="alert">${request.error}</p>` : null}
          <button type="button" class="button" disabled=${request.pending} onClick=${() => request.run()} data-testid="send-code">${request.pending ? "Sending…" : sent ? "Send another code" : "Send a code"}</button>
          <form style=${{ marginTop: "16px" }} onSubmit=${(event: Event) => {
            event.preventDefault();
            void verify.run();
          }}>
            <${InputField} label="Code" name="code" value=${code} onValue=${(value: string) => setCode(value.replace(/\D/g, "").slice(0, 8))} inputmode="numeric" pattern="[0-9]{8}" required autocomplete="one-time-code" error=${verify.fieldErrors.code} />
            <${FormFooter} pending=${verify.pending} label="Verify" pendingLabel="Verifying…" error=${verify.error} />
          </form>`}
  </section>`;
}

function Deletion({ profile }: { profile: Profile }) {
  const { api, session } = useApp();
  const passwordless = profile.hasPassword === false;
  const [secret, setSecret] = useState("");
  const [typed, setTyped] = useState("");
  const schedule = useAction(async () => {
    const updated = await api.post<Profile>("/api/user/deletion", passwordless ? { confirmation: secret } : { password: secret });
    session.setProfile({ ...profile, purgeAt: updated.purgeAt });
    setSecret("");
    setTyped("");
  });
  const cancel = useAction(async () => {
    const updated = await api.delete<Profile>("/api/user/deletion");
    session.setProfile({ ...profile, purgeAt: updated?.purgeAt ?? null });
  });
  return html`<section class="panel" id="deletion" aria-labelledby="deletion-heading">
    <h2 id="deletion-heading">Delete your account</h2>
    ${profile.purgeAt
      ? html`<p class="error-message" role="status">Your account and everything in it will be deleted on <strong>${new Date(profile.purgeAt).toLocaleString()}</strong>.</p>
          ${cancel.error ? html`<p class="error-message" role="alert">${cancel.error}</p>` : null}
          <button type="button" class="button primary" disabled=${cancel.pending} onClick=${() => cancel.run()} data-testid="cancel-deletion">${cancel.pending ? "Cancelling…" : "Keep my account"}</button>`
      : html`<p>Your things, lists, photos and friendships are deleted after a grace period, during which you can change your mind.</p>
          <form onSubmit=${(event: Event) => {
            event.preventDefault();
            void schedule.run();
          }}>
            ${passwordless
              ? html`<${InputField} label="Type your e-mail address to confirm" name="email" type="email" value=${secret} onValue=${setSecret} required autocomplete="off" error=${schedule.fieldErrors.email} />`
              : html`<${InputField} label="Your password" name="password" type="password" value=${secret} onValue=${setSecret} required autocomplete="current-password" error=${schedule.fieldErrors.password} />`}
            <${InputField} label='Type "DELETE" to confirm' name="confirmation" value=${typed} onValue=${setTyped} required autocomplete="off" />
            ${schedule.error ? html`<p class="error-message" role="alert">${schedule.error}</p>` : null}
            <button type="submit" class="button danger" disabled=${schedule.pending || typed !== "DELETE" || !secret} data-testid="schedule-deletion">${schedule.pending ? "Scheduling…" : "Delete my account"}</button>
          </form>`}
  </section>`;
}

export default function AccountPage() {
  const { session } = useApp();
  useTitle("Account settings");
  const profile = useStore(session.store, (state) => state.profile);
  return html`<section class="page medium">
    <h1>Account settings</h1>
    <${UserTabs} />
    ${profile
      ? html`${profile.hasPassword === false
          ? html`<section class="panel"><h2>Password</h2><p>You sign in through an external provider. To also sign in with a password, <a href="/user/reset-password">set one by e-mail</a>.</p></section>`
          : html`<${PasswordForm} />`}
        <${EmailVerification} profile=${profile} />
        <${Deletion} profile=${profile} />`
      : html`<${Loading} />`}
  </section>`;
}
