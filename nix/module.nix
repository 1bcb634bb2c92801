# NixOS module: services.stashsphere.
#
#   imports = [ ./nix/module.nix ];
#   nixpkgs.overlays = [ (import ./nix/overlay.nix) ];
#   services.stashsphere = {
#     enable = true;
#     usesLocalPostgresql = true;
#     configFiles = [ "/run/secrets/stashsphere.yaml" ];   # auth.privateKey and other secrets
#     settings.frontendUrl = "https://stash.example.com";
#   };
#
# The service runs `migrate`, then `serve`, with every file of `configFiles` and then the
# generated settings file as --conf arguments, so `settings` wins. Configuration files reach
# the service through systemd credentials, so a root-owned file of mode 0600 works; give
# their paths as strings, because a Nix path literal would copy a secret into the store.
{
  config,
  lib,
  pkgs,
  ...
}:

let
  cfg = config.services.stashsphere;
  settingsFormat = pkgs.formats.json { };

  localDatabase = {
    host = "/run/postgresql";
    user = "stashsphere";
    name = "stashsphere";
  };
  effectiveSettings =
    cfg.settings
    // {
      inherit (cfg) listenAddress;
    }
    // lib.optionalAttrs cfg.usesLocalPostgresql {
      database = localDatabase // (cfg.settings.database or { });
    };
  settingsFile = settingsFormat.generate "stashsphere-settings.json" effectiveSettings;

  credentialName = index: "config-${toString index}.yaml";
  credentials = lib.imap0 (index: file: "${credentialName index}:${file}") cfg.configFiles;
  # %d is the directory of the service's credentials.
  confFiles = lib.imap0 (index: _file: "%d/${credentialName index}") cfg.configFiles ++ [ "${settingsFile}" ];
  confArguments = lib.concatMap (file: [
    "--conf"
    file
  ]) confFiles;
  command = name: lib.escapeShellArgs ([ (lib.getExe cfg.package) name ] ++ confArguments);
in
{
  options.services.stashsphere = {
    enable = lib.mkEnableOption "StashSphere, a self-hosted social inventory";

    package = lib.mkOption {
      type = lib.types.package;
      default = pkgs.stashsphere;
      defaultText = lib.literalExpression "pkgs.stashsphere";
      description = "The StashSphere package; nix/overlay.nix provides `pkgs.stashsphere`.";
    };

    listenAddress = lib.mkOption {
      type = lib.types.str;
      default = "127.0.0.1:8081";
      example = "[::1]:8081";
      description = "Address of the plain-HTTP listener (host:port); it becomes `settings.listenAddress`. Put a TLS-terminating reverse proxy in front.";
    };

    usesLocalPostgresql = lib.mkOption {
      type = lib.types.bool;
      default = false;
      description = ''
        Use a PostgreSQL server on this machine: enables `services.postgresql`, creates the
        role and database `stashsphere` (peer authentication over /run/postgresql), starts
        after it and points `settings.database` at it. Without it and without a `database`
        section the server uses its embedded database in /var/lib/stashsphere. With PostgreSQL,
        `auth.privateKey` must be set in one of `configFiles`.
      '';
    };

    configFiles = lib.mkOption {
      type = lib.types.listOf lib.types.str;
      default = [ ];
      example = [ "/run/secrets/stashsphere.yaml" ];
      description = "Configuration files (YAML or JSON) passed before the generated settings file, for secrets such as `auth.privateKey` and `database.password`.";
    };

    settings = lib.mkOption {
      type = settingsFormat.type;
      default = { };
      example = {
        frontendUrl = "https://stash.example.com";
        domains.allowed = [ "https://stash.example.com" ];
      };
      description = "Configuration keys as in docs/configuration.md, written to a JSON file that is passed last, so these values win over `configFiles`.";
    };
  };

  config = lib.mkIf cfg.enable {
    assertions = [
      {
        assertion = !(cfg.settings ? listenAddress);
        message = "services.stashsphere: set listenAddress instead of settings.listenAddress";
      }
    ];

    services.postgresql = lib.mkIf cfg.usesLocalPostgresql {
      enable = true;
      ensureDatabases = [ "stashsphere" ];
      ensureUsers = [
        {
          name = "stashsphere";
          ensureDBOwnership = true;
        }
      ];
    };

    systemd.services.stashsphere = {
      description = "StashSphere, a self-hosted social inventory";
      wantedBy = [ "multi-user.target" ];
      wants = [ "network-online.target" ];
      # The role and database are created by postgresql-setup.service on newer NixOS and by
      # postgresql.service itself on older releases; ordering after a missing unit is a no-op.
      after = [ "network-online.target" ] ++ lib.optionals cfg.usesLocalPostgresql [ "postgresql.service" "postgresql-setup.service" ];
      requires = lib.optionals cfg.usesLocalPostgresql [ "postgresql.service" ];

      serviceConfig = {
        Type = "exec";
        ExecStartPre = command "migrate";
        ExecStart = command "serve";
        LoadCredential = credentials;
        Restart = "on-failure";
        RestartSec = "2s";
        TimeoutStopSec = 15;

        DynamicUser = true;
        # Peer authentication maps this user name to the PostgreSQL role of the same name.
        User = "stashsphere";
        StateDirectory = "stashsphere";
        CacheDirectory = "stashsphere";
        RuntimeDirectory = "stashsphere";
        UMask = "0077";

        # The same sandbox as packaging/systemd/stashsphere.service, where each line's check is
        # described. MemoryDenyWriteExecute stays off: Bun's JIT and bun:ffi need it off.
        NoNewPrivileges = true;
        CapabilityBoundingSet = "";
        AmbientCapabilities = "";
        ProtectSystem = "strict";
        ProtectHome = true;
        PrivateTmp = true;
        PrivateDevices = true;
        PrivateMounts = true;
        ProtectProc = "invisible";
        ProcSubset = "pid";
        ProtectClock = true;
        ProtectHostname = true;
        ProtectKernelTunables = true;
        ProtectKernelModules = true;
        ProtectKernelLogs = true;
        ProtectControlGroups = true;
        RestrictNamespaces = true;
        RestrictRealtime = true;
        RestrictSUIDSGID = true;
        LockPersonality = true;
        RemoveIPC = true;
        RestrictAddressFamilies = [
          "AF_INET"
          "AF_INET6"
          "AF_UNIX"
        ];
        SystemCallArchitectures = "native";
        SystemCallFilter = [
          "@system-service"
          "~@privileged @resources"
        ];
      };
    };
  };
}
