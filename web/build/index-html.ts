/** The single HTML page. Everything it loads comes from this origin, as the CSP demands. */
export function indexHtml({ script, styles, preloads }: { script: string; styles: string[]; preloads: string[] }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>StashSphere</title>
<meta name="description" content="Your things, shared with your friends.">
<meta name="color-scheme" content="light dark">
<meta name="theme-color" content="#2456c9" media="(prefers-color-scheme: light)">
<meta name="theme-color" content="#1b1e25" media="(prefers-color-scheme: dark)">
<link rel="manifest" href="/manifest.webmanifest">
<link rel="icon" href="/icon.svg" type="image/svg+xml">
<link rel="icon" href="/icon-192.png" type="image/png" sizes="192x192">
<link rel="apple-touch-icon" href="/icon-180.png">
${styles.map((href) => `<link rel="stylesheet" href="/${href}">`).join("\n")}
${preloads.map((href) => `<link rel="modulepreload" href="/${href}">`).join("\n")}
<script type="module" src="/${script}"></script>
</head>
<body>
<div id="app"><p class="loading" role="status">Loading StashSphere…</p></div>
<noscript><p>StashSphere needs JavaScript. Please enable it and reload the page.</p></noscript>
</body>
</html>
`;
}

export function webManifest(): string {
  return `${JSON.stringify(
    {
      name: "StashSphere",
      short_name: "StashSphere",
      description: "Your things, shared with your friends.",
      start_url: "/things",
      scope: "/",
      display: "standalone",
      background_color: "#f6f7f9",
      theme_color: "#2456c9",
      icons: [
        { src: "/icon.svg", sizes: "any", type: "image/svg+xml" },
        { src: "/icon-192.png", sizes: "192x192", type: "image/png" },
        { src: "/icon-512.png", sizes: "512x512", type: "image/png" },
        { src: "/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
      ],
    },
    null,
    2,
  )}\n`;
}
