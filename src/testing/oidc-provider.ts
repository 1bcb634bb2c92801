import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWK } from "jose";
import Provider, { type Configuration } from "oidc-provider";

/**
 * A real OpenID Connect provider (the `oidc-provider` package, as certified by the OpenID
 * Foundation) on 127.0.0.1, for tests that drive a whole login over HTTP. Its interaction step
 * signs in whichever account the test chose with `signInAs`, without a login form.
 *
 * oidc-provider prints a warning once per process that Bun is not a supported runtime; every
 * flow the tests use works under Bun 1.4.5.
 */
export interface TestIdentity {
  sub: string;
  email?: string;
  email_verified?: boolean | string;
  name?: string;
  [claim: string]: unknown;
}

export interface TestOidcProvider {
  /** The issuer as the discovery document publishes it. */
  issuer: string;
  port: number;
  clientId: string;
  clientSecret: string;
  /** The account that the next login at this provider signs in as. */
  signInAs(identity: TestIdentity): void;
  stop(): Promise<void>;
}

export interface TestOidcProviderOptions {
  /** Listen on this port; 0 or absent picks a free one. */
  port?: number;
  /** Publish the issuer with a trailing slash, as Auth0 does. */
  trailingSlash?: boolean;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  clientId?: string;
  clientSecret?: string;
  /**
   * Put e-mail and profile claims into the ID token, as Auth0, Keycloak and Google do. Without
   * it the provider follows OpenID Connect Core strictly and hands them out through UserInfo only.
   */
  claimsInIdToken?: boolean;
}

let signingKey: Promise<JWK> | undefined;

function providerSigningKey(): Promise<JWK> {
  signingKey ??= generateKeyPair("RS256", { extractable: true }).then(async ({ privateKey }) => ({
    ...(await exportJWK(privateKey)),
    kid: "test-key",
    alg: "RS256",
    use: "sig",
  }));
  return signingKey;
}

export async function startTestOidcProvider(options: TestOidcProviderOptions): Promise<TestOidcProvider> {
  const clientId = options.clientId ?? "stashsphere";
  const clientSecret = options.clientSecret ?? "test-client-secret";
  const accounts = new Map<string, TestIdentity>();
  let nextLogin: TestIdentity | undefined;

  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://127.0.0.1:${port}${options.trailingSlash ? "/" : ""}`;

  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        post_logout_redirect_uris: options.postLogoutRedirectUris ?? [],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    jwks: { keys: [await providerSigningKey()] },
    cookies: { keys: ["test-cookie-key"] },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    conformIdTokenClaims: !options.claimsInIdToken,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 3600, Interaction: 600, Grant: 3600, Session: 3600 },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, sub) => {
      const account = accounts.get(sub);
      return account ? { accountId: sub, claims: () => ({ ...account }) } : undefined;
    },
    // Every login is consented: the grant covers whatever the client asked for.
    loadExistingGrant: async (ctx) => {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
      grant.addOIDCScope(ctx.oidc.params!.scope as string);
      await grant.save();
      return grant;
    },
  };
  const provider = new Provider(issuer, configuration);
  const handleProtocol = provider.callback();

  server.on("request", (request: IncomingMessage, response: ServerResponse) => {
    if (!request.url?.startsWith("/interaction/")) return void handleProtocol(request, response);
    const identity = nextLogin;
    if (!identity) {
      response.writeHead(500, { "content-type": "text/plain" }).end("the test did not call signInAs() before this login");
      return;
    }
    accounts.set(identity.sub, identity);
    void provider.interactionFinished(request, response, { login: { accountId: identity.sub } }, { mergeWithLastSubmission: false });
  });

  return {
    issuer,
    port,
    clientId,
    clientSecret,
    signInAs(identity) {
      nextLogin = identity;
      accounts.set(identity.sub, identity);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
