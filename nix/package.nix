# The StashSphere executable, packaged from a file built by `npm run build` (dist/stashsphere,
# or dist/stashsphere-linux-arm64) rather than built from source inside Nix.
#
# Why: the executable is Bun 1.4.5 plus our bundle; the project is tested with exactly that Bun,
# and building it inside Nix would need nixpkgs' Bun at that version, which nixpkgs does not
# promise. The file is an ordinary input: Nix copies it into the store under its hash, so
# nothing is fetched during the build. For a release, pass a fixed-output fetch instead, e.g.
# `executable = fetchurl { url = …; hash = "sha256-…"; }`.
#
# Only the ELF interpreter is rewritten, to Nix's glibc loader: the executable needs nothing
# but glibc. Strip and the rpath shrinking of the fixup phase are off because they rewrite the
# whole file, and Bun reads the bundle back from the `.bun` section of its own executable. The
# install check runs the result, so a damaged bundle fails the build.
{
  lib,
  stdenv,
  patchelf,
  executable,
  version ? "0.1.0",
}:

stdenv.mkDerivation {
  pname = "stashsphere";
  inherit version;
  src = executable;

  dontUnpack = true;
  dontConfigure = true;
  dontBuild = true;
  dontStrip = true;
  dontPatchELF = true;
  nativeBuildInputs = [ patchelf ];

  installPhase = ''
    runHook preInstall
    install -D -m 0755 "$src" "$out/bin/stashsphere"
    patchelf --set-interpreter "$(cat "$NIX_CC/nix-support/dynamic-linker")" "$out/bin/stashsphere"
    runHook postInstall
  '';

  doInstallCheck = true;
  installCheckPhase = ''
    runHook preInstallCheck
    "$out/bin/stashsphere" version | grep -F "stashsphere ${version}"
    runHook postInstallCheck
  '';

  meta = {
    description = "Self-hosted social inventory: record your things, share them with friends";
    license = lib.licenses.agpl3Plus;
    mainProgram = "stashsphere";
    platforms = [
      "x86_64-linux"
      "aarch64-linux"
    ];
    sourceProvenance = [ lib.sourceTypes.binaryNativeCode ];
  };
}
