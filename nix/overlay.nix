# Adds `stashsphere` to nixpkgs, from the executables that `npm run build` writes into dist/.
# Build them first (`npm run build`, and `npm run build -- --target=linux-arm64` for ARM).
final: prev: {
  stashsphere = final.callPackage ./package.nix {
    executable =
      {
        x86_64-linux = ../dist/stashsphere;
        aarch64-linux = ../dist/stashsphere-linux-arm64;
      }
      .${final.stdenv.hostPlatform.system}
        or (throw "stashsphere: no executable for ${final.stdenv.hostPlatform.system}; build.ts targets linux-x64 and linux-arm64");
  };
}
