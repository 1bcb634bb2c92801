# Evaluates module.nix, package.nix and overlay.nix with stubs of nixpkgs and of the module
# system, and returns what they produce for nix/tests/nix.test.ts to check:
#
#   nix-instantiate --eval --strict --json --read-write-mode nix/tests/eval.nix
#
# --read-write-mode lets the stub of pkgs.formats.json write the settings file into the store
# with builtins.toFile, so that the test can read the JSON back.
#
# The stub applies option defaults, then the test's values by attribute update, and resolves
# mkIf; it has no priorities, type checks or merging of list definitions like the real module
# system.
let
  lib = import ./stub-lib.nix;

  package = {
    outPath = "/nix/store/00000000000000000000000000000000-stashsphere-0.1.0";
    meta.mainProgram = "stashsphere";
  };
  pkgs = {
    stashsphere = package;
    formats.json = { }: {
      type = { name = "json value"; };
      generate = name: value: builtins.toFile name (builtins.toJSON value);
    };
  };

  isOption = value: builtins.isAttrs value && (value._type or null) == "option";
  defaultsOf = options: builtins.mapAttrs (_name: value: if isOption value then value.default else defaultsOf value) options;
  resolveConditions =
    value:
    if builtins.isAttrs value && (value._type or null) == "if" then
      (if value.condition then resolveConditions value.content else null)
    else if builtins.isAttrs value && !(value ? outPath) then
      builtins.mapAttrs (_name: resolveConditions) value
    else
      value;

  evaluate =
    settings:
    let
      module = import ../module.nix {
        inherit lib pkgs;
        config.services.stashsphere = defaultsOf evaluated.options.services.stashsphere // settings;
      };
      evaluated = module;
    in
    resolveConditions module.config;

  describe =
    settings:
    let
      result = evaluate settings;
      service = result.systemd.services.stashsphere;
      words = builtins.filter builtins.isString (builtins.split " " service.serviceConfig.ExecStart);
      settingsPath = builtins.elemAt words (builtins.length words - 1);
    in
    {
      inherit (service) after requires wantedBy;
      inherit (service.serviceConfig) ExecStart ExecStartPre LoadCredential;
      serviceConfig = builtins.removeAttrs service.serviceConfig [ "ExecStart" "ExecStartPre" ];
      settings = builtins.fromJSON (builtins.readFile settingsPath);
      postgresql = result.services.postgresql;
      assertions = map (assertion: { inherit (assertion) assertion message; }) result.assertions;
    };

  packageAttributes = import ../package.nix {
    inherit lib;
    stdenv.mkDerivation = attributes: attributes;
    patchelf = "patchelf";
    executable = "/dist/stashsphere";
  };

  overlaid =
    system:
    let
      final = {
        stdenv.hostPlatform.system = system;
        callPackage = _path: arguments: { executable = toString arguments.executable; };
      };
    in
    (import ../overlay.nix final { }).stashsphere;
in
{
  embedded = describe {
    enable = true;
    settings.instanceName = "Stash of the Smiths";
  };
  localPostgresql = describe {
    enable = true;
    usesLocalPostgresql = true;
    listenAddress = "[::1]:9000";
    configFiles = [
      "/run/secrets/stashsphere.yaml"
      "/etc/stashsphere/extra.yaml"
    ];
    settings.database.maxConnections = 20;
  };
  listenAddressInSettings = (describe {
    enable = true;
    settings.listenAddress = "0.0.0.0:80";
  }).assertions;
  disabled = evaluate { enable = false; };
  package = {
    inherit (packageAttributes) installPhase installCheckPhase dontStrip dontPatchELF dontUnpack;
    inherit (packageAttributes.meta) mainProgram platforms;
  };
  overlay = {
    x86_64 = overlaid "x86_64-linux";
    aarch64 = overlaid "aarch64-linux";
  };
}
