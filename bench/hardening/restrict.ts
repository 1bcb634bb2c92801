// Run a command under the kernel restrictions that systemd applies for our unit's hardening
// lines, without systemd: the measurements in bench/hardening/measure.ts use it because this
// machine has no systemd as PID 1.
//
//   bun bench/hardening/restrict.ts [--mdwe=prctl|seccomp] [--syscall-filter=@system-service]
//       [--address-families=AF_INET,AF_INET6,AF_UNIX] [--log-denied] -- COMMAND [ARG…]
//
// --mdwe=prctl       PR_SET_MDWE(PR_MDWE_REFUSE_EXEC_GAIN), which systemd uses for
//                    MemoryDenyWriteExecute= when the kernel has it (Linux 6.3 and later).
// --mdwe=seccomp     The seccomp rules older systemd versions use for the same line: mmap with
//                    PROT_WRITE|PROT_EXEC, mprotect/pkey_mprotect adding PROT_EXEC and shmat with
//                    SHM_EXEC fail with EPERM.
// --syscall-filter   An allow-list of the named systemd syscall group, expanded with
//                    `systemd-analyze syscall-filter`; any other call kills the process, as
//                    SystemCallFilter= does without SystemCallErrorNumber=.
// --log-denied       With --syscall-filter: log denied calls to the kernel audit log and allow
//                    them instead of killing, to find which calls are missing.
// --address-families socket(2) with any other family fails with EAFNOSUPPORT, as
//                    RestrictAddressFamilies= does.
//
// Each restriction is a separate seccomp filter, as systemd installs them; the kernel applies
// the strictest answer. The restrictions are inherited by the command and everything it starts.
import { dlopen, FFIType, ptr } from "bun:ffi";

const SCMP_ACT_KILL_PROCESS = 0x8000_0000;
const SCMP_ACT_ALLOW = 0x7fff_0000;
const SCMP_ACT_LOG = 0x7ffc_0000;
const scmpActErrno = (errno: number) => 0x0005_0000 | (errno & 0xffff);
const SCMP_CMP_EQ = 4;
const SCMP_CMP_GT = 6;
const SCMP_CMP_MASKED_EQ = 7;
const EPERM = 1;
const EAFNOSUPPORT = 97;
const PROT_WRITE = 2;
const PROT_EXEC = 4;
const SHM_EXEC = 0o100000;
const PR_SET_MDWE = 65;
const PR_MDWE_REFUSE_EXEC_GAIN = 1;
// Highest address family number of Linux 6.x (AF_MCTP is 45, AF_MAX 46).
const AF_MAX = 46;
const addressFamilyNumbers: Record<string, number> = { AF_UNIX: 1, AF_INET: 2, AF_INET6: 10, AF_NETLINK: 16, AF_PACKET: 17 };

const libc = dlopen("libc.so.6", {
  prctl: { args: [FFIType.i32, FFIType.u64, FFIType.u64, FFIType.u64, FFIType.u64], returns: FFIType.i32 },
});
const seccomp = dlopen("libseccomp.so.2", {
  seccomp_init: { args: [FFIType.u32], returns: FFIType.ptr },
  seccomp_rule_add_array: { args: [FFIType.ptr, FFIType.u32, FFIType.i32, FFIType.u32, FFIType.ptr], returns: FFIType.i32 },
  seccomp_syscall_resolve_name: { args: [FFIType.cstring], returns: FFIType.i32 },
  seccomp_load: { args: [FFIType.ptr], returns: FFIType.i32 },
  seccomp_release: { args: [FFIType.ptr], returns: FFIType.void },
});

/** One argument comparison: `struct scmp_arg_cmp { unsigned arg; enum op; u64 a; u64 b; }`. */
interface Comparison {
  arg: number;
  op: number;
  a: number;
  b?: number;
}

function comparisonArray(comparisons: readonly Comparison[]): Uint8Array {
  const buffer = new ArrayBuffer(Math.max(24 * comparisons.length, 24));
  const view = new DataView(buffer);
  comparisons.forEach((comparison, index) => {
    view.setUint32(index * 24, comparison.arg, true);
    view.setUint32(index * 24 + 4, comparison.op, true);
    view.setBigUint64(index * 24 + 8, BigInt(comparison.a), true);
    view.setBigUint64(index * 24 + 16, BigInt(comparison.b ?? 0), true);
  });
  return new Uint8Array(buffer);
}

function syscallNumber(name: string): number | undefined {
  const number = seccomp.symbols.seccomp_syscall_resolve_name(Buffer.from(`${name}\0`));
  return number < 0 ? undefined : number;
}

function loadFilter(defaultAction: number, rules: { action: number; syscall: string; comparisons?: Comparison[] }[]): void {
  const context = seccomp.symbols.seccomp_init(defaultAction);
  if (context === null) throw new Error("seccomp_init failed");
  for (const rule of rules) {
    const number = syscallNumber(rule.syscall);
    if (number === undefined) continue;
    const comparisons = rule.comparisons ?? [];
    const result = seccomp.symbols.seccomp_rule_add_array(context, rule.action, number, comparisons.length, ptr(comparisonArray(comparisons)));
    if (result !== 0) throw new Error(`seccomp_rule_add_array(${rule.syscall}) failed with ${result}`);
  }
  const loaded = seccomp.symbols.seccomp_load(context);
  seccomp.symbols.seccomp_release(context);
  if (loaded !== 0) throw new Error(`seccomp_load failed with ${loaded}`);
}

/** Expand a systemd syscall group such as `@system-service` into syscall names. */
export function expandSyscallGroup(group: string): string[] {
  const listing = Bun.spawnSync(["systemd-analyze", "syscall-filter"]);
  if (listing.exitCode !== 0) throw new Error(`systemd-analyze syscall-filter failed: ${listing.stderr}`);
  const groups = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of listing.stdout.toString().split("\n")) {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    if (!line.startsWith(" ")) {
      current = [];
      groups.set(trimmed, current);
    } else {
      current?.push(trimmed);
    }
  }
  const names = new Set<string>();
  const visit = (name: string) => {
    if (!name.startsWith("@")) return void names.add(name);
    const members = groups.get(name);
    if (!members) throw new Error(`unknown syscall group ${name}`);
    members.forEach(visit);
  };
  visit(group);
  return [...names].sort();
}

function denyWriteExecuteWithSeccomp(): void {
  const deny = scmpActErrno(EPERM);
  loadFilter(SCMP_ACT_ALLOW, [
    { action: deny, syscall: "mmap", comparisons: [{ arg: 2, op: SCMP_CMP_MASKED_EQ, a: PROT_WRITE | PROT_EXEC, b: PROT_WRITE | PROT_EXEC }] },
    { action: deny, syscall: "mprotect", comparisons: [{ arg: 2, op: SCMP_CMP_MASKED_EQ, a: PROT_EXEC, b: PROT_EXEC }] },
    { action: deny, syscall: "pkey_mprotect", comparisons: [{ arg: 2, op: SCMP_CMP_MASKED_EQ, a: PROT_EXEC, b: PROT_EXEC }] },
    { action: deny, syscall: "shmat", comparisons: [{ arg: 2, op: SCMP_CMP_MASKED_EQ, a: SHM_EXEC, b: SHM_EXEC }] },
  ]);
}

function restrictAddressFamilies(allowed: readonly string[]): void {
  const allowedNumbers = new Set(
    allowed.map((name) => {
      const number = addressFamilyNumbers[name];
      if (number === undefined) throw new Error(`unknown address family ${name}`);
      return number;
    }),
  );
  const deny = scmpActErrno(EAFNOSUPPORT);
  const rules = [];
  for (let family = 0; family <= AF_MAX; family++) {
    if (!allowedNumbers.has(family)) rules.push({ action: deny, syscall: "socket", comparisons: [{ arg: 0, op: SCMP_CMP_EQ, a: family }] });
  }
  rules.push({ action: deny, syscall: "socket", comparisons: [{ arg: 0, op: SCMP_CMP_GT, a: AF_MAX }] });
  loadFilter(SCMP_ACT_ALLOW, rules);
}

function parseOptions(argv: string[]): { options: Map<string, string>; command: string[] } {
  // Bun itself consumes a "--" that directly follows the script name, so options end at the
  // first argument that is not one, or after an explicit "--".
  const options = new Map<string, string>();
  let index = 0;
  for (; index < argv.length; index++) {
    const arg = argv[index] as string;
    if (arg === "--") {
      index += 1;
      break;
    }
    if (!arg.startsWith("--")) break;
    const [name, value] = arg.slice(2).split("=", 2);
    options.set(name as string, value ?? "true");
  }
  const command = argv.slice(index);
  if (command.length === 0) throw new Error("usage: restrict.ts [OPTIONS] -- COMMAND [ARG…]");
  return { options, command };
}

if (import.meta.main) {
  const { options, command } = parseOptions(Bun.argv.slice(2));
  const mdwe = options.get("mdwe");
  if (mdwe === "prctl") {
    if (libc.symbols.prctl(PR_SET_MDWE, BigInt(PR_MDWE_REFUSE_EXEC_GAIN), 0n, 0n, 0n) !== 0) throw new Error("prctl(PR_SET_MDWE) failed");
  } else if (mdwe === "seccomp") {
    denyWriteExecuteWithSeccomp();
  } else if (mdwe !== undefined) {
    throw new Error(`--mdwe must be prctl or seccomp, got ${mdwe}`);
  }
  const families = options.get("address-families");
  if (families) restrictAddressFamilies(families.split(","));
  const group = options.get("syscall-filter");
  if (group) {
    const action = options.has("log-denied") ? SCMP_ACT_LOG : SCMP_ACT_KILL_PROCESS;
    loadFilter(action, expandSyscallGroup(group).map((syscall) => ({ action: SCMP_ACT_ALLOW, syscall })));
  }
  const child = Bun.spawn(command, { stdio: ["inherit", "inherit", "inherit"] });
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => child.kill(signal));
  const status = await child.exited;
  process.exitCode = child.signalCode ? 128 + (child.signalCode === "SIGSYS" ? 31 : 1) : status;
  if (child.signalCode) console.error(`restrict.ts: ${command[0]} ended by ${child.signalCode}`);
}
