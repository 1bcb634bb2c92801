import { useEffect, useState } from "preact/hooks";
import { describeError } from "../api/api-error.ts";
import { useApp } from "../app-context.ts";
import { Loading } from "../components/status.ts";
import { useTitle } from "../hooks/use-title.ts";
import { html } from "../html.ts";

export default function LogoutPage() {
  const { api, session, router } = useApp();
  useTitle("Logging out");
  const [error, setError] = useState<string>();
  const logout = () => {
    setError(undefined);
    api.request("DELETE", "/api/user/logout", { anonymous: true }).then(
      async () => {
        await session.check();
        router.navigate("/user/login", { replace: true });
      },
      (failure: unknown) => setError(describeError(failure)),
    );
  };
  useEffect(logout, []);
  return html`<section class="page narrow">
    <h1>Logging out</h1>
    ${error ? html`<p class="error-message" role="alert">Logging out failed: ${error} <button type="button" class="link-button" onClick=${logout}>Try again</button></p>` : html`<${Loading} label="Logging out…" />`}
  </section>`;
}
