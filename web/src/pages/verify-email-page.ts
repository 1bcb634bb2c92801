import { useEffect, useState } from "preact/hooks";
import { useApp } from "../app-context.ts";
import { FormFooter, InputField } from "../components/field.ts";
import { useAction } from "../hooks/use-action.ts";
import { useTitle } from "../hooks/use-title.ts";
import { html } from "../html.ts";
import { useStore } from "../store/create-store.ts";
import type { Profile } from "../api/types.ts";

/** The page behind the link in the verification e-mail, `/user/verify-email#12345678`: it submits the code by itself. */
export default function VerifyEmailPage() {
  const { api, router, session } = useApp();
  useTitle("Verify your e-mail address");
  const fromLink = useStore(router.store, (location) => location.hash.slice(1).replace(/\D/g, ""));
  const [code, setCode] = useState(fromLink);
  const [done, setDone] = useState(false);
  const verify = useAction(async (value: string) => {
    await api.post("/api/user/email-verification/verify", { code: value });
    setDone(true);
    api.get<Profile>("/api/user/profile").then(session.setProfile, () => undefined);
  });
  useEffect(() => {
    if (fromLink.length === 8) void verify.run(fromLink);
  }, [fromLink]);

  return html`<section class="page narrow">
    <h1>Verify your e-mail address</h1>
    ${done
      ? html`<p class="notice" role="status" data-testid="verify-done">Your e-mail address is verified.</p><p><a href="/user/profile">Go to your profile</a></p>`
      : html`<form class="panel" onSubmit=${(event: Event) => {
          event.preventDefault();
          void verify.run(code);
        }}>
          <${InputField} label="Verification code" name="code" value=${code} onValue=${(value: string) => setCode(value.replace(/\D/g, "").slice(0, 8))} inputmode="numeric" pattern="[0-9]{8}" required autocomplete="one-time-code" class="code-field" hint="The 8 digits from the e-mail we sent you." error=${verify.fieldErrors.code} />
          <${FormFooter} pending=${verify.pending} label="Verify" pendingLabel="Verifying…" error=${verify.error} />
        </form>`}
  </section>`;
}
