import { useState } from "preact/hooks";
import { useApp } from "../app-context.ts";
import { FormFooter, InputField } from "../components/field.ts";
import { useAction } from "../hooks/use-action.ts";
import { useTitle } from "../hooks/use-title.ts";
import { html } from "../html.ts";
import { useStore } from "../store/create-store.ts";

export const defaultMinPasswordLength = 8;

export default function RegisterPage() {
  const { api, info, router } = useApp();
  useTitle("Create an account");
  const instance = useStore(info);
  // While /api/info is still loading the invite field is shown, so it does not pop in late.
  const inviteRequired = instance?.inviteRequired ?? true;
  const minLength = instance?.minPasswordLength ?? defaultMinPasswordLength;
  const [form, setForm] = useState({ name: "", email: "", password: "", confirm: "", inviteCode: "" });
  const [mismatch, setMismatch] = useState(false);
  const set = (key: keyof typeof form) => (value: string) => setForm((current) => ({ ...current, [key]: value }));
  const register = useAction(async () => {
    const body: Record<string, string> = { name: form.name, email: form.email, password: form.password };
    if (inviteRequired) body.inviteCode = form.inviteCode;
    await api.request("POST", "/api/user/register", { body, anonymous: true });
    router.navigate("/user/login?registered=1");
  });

  return html`<section class="auth-page">
    <h1>Create an account</h1>
    <form class="panel" data-testid="register-form" onSubmit=${(event: Event) => {
      event.preventDefault();
      const differs = form.password !== form.confirm;
      setMismatch(differs);
      if (!differs) void register.run();
    }}>
      <${InputField} label="Name" name="name" value=${form.name} onValue=${set("name")} required minLength=${2} autocomplete="nickname" hint="Shown to your friends." error=${register.fieldErrors.name} testid="register-name" />
      <${InputField} label="E-mail" name="email" type="email" value=${form.email} onValue=${set("email")} required autocomplete="email" error=${register.fieldErrors.email} testid="register-email" />
      <${InputField} label="Password" name="password" type="password" value=${form.password} onValue=${set("password")} required minLength=${minLength} autocomplete="new-password" hint=${`At least ${minLength} characters.`} error=${register.fieldErrors.password} testid="register-password" />
      <${InputField} label="Repeat the password" name="confirm" type="password" value=${form.confirm} onValue=${set("confirm")} required autocomplete="new-password" error=${mismatch ? "The two passwords differ." : undefined} testid="register-confirm" />
      ${inviteRequired
        ? html`<${InputField} label="Invite code" name="inviteCode" value=${form.inviteCode} onValue=${set("inviteCode")} required autocomplete="off" hint="This instance is invite-only. Ask its operator for the code." error=${register.fieldErrors.inviteCode} testid="register-invite" />`
        : null}
      <${FormFooter} pending=${register.pending} label="Create account" pendingLabel="Creating account…" error=${register.error} testid="register-submit" />
    </form>
    <p>Already registered? <a href="/user/login">Log in</a>.</p>
  </section>`;
}
