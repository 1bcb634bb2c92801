# The few nixpkgs `lib` functions that module.nix, package.nix and overlay.nix use, written
# against builtins alone, because <nixpkgs> is not available where the tests run. Each follows
# the nixpkgs function of the same name for the arguments these files pass; option types only
# carry their name, since eval.nix merges by attribute update instead of the module system.
rec {
  mkOption = attrs: attrs // { _type = "option"; };
  mkEnableOption = name: mkOption {
    type = types.bool;
    default = false;
    description = "Whether to enable ${name}.";
  };
  mkIf = condition: content: {
    _type = "if";
    inherit condition content;
  };
  literalExpression = text: {
    _type = "literalExpression";
    inherit text;
  };

  types = {
    bool = { name = "bool"; };
    str = { name = "str"; };
    package = { name = "package"; };
    listOf = element: { name = "listOf ${element.name}"; };
  };

  optionals = condition: list: if condition then list else [ ];
  optionalAttrs = condition: attrs: if condition then attrs else { };
  imap0 = function: list: builtins.genList (index: function index (builtins.elemAt list index)) (builtins.length list);
  concatMap = function: list: builtins.concatLists (map function list);
  escapeShellArg = arg: if builtins.match "[[:alnum:],._+:@%/-]+" arg != null then arg else "'${builtins.replaceStrings [ "'" ] [ "'\\''" ] arg}'";
  escapeShellArgs = args: builtins.concatStringsSep " " (map escapeShellArg args);
  getExe = package: "${package}/bin/${package.meta.mainProgram}";

  licenses.agpl3Plus = { shortName = "agpl3Plus"; };
  sourceTypes.binaryNativeCode = { shortName = "binaryNativeCode"; };
}
