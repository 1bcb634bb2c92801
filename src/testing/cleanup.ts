/**
 * Work to do once every test file of this process has run: stopping a throwaway cluster,
 * dropping databases made on a shared server. `bun test` emits neither `exit` nor
 * `beforeExit`, so the preload named in bunfig.toml runs these from a global `afterAll`.
 */
const pending: Array<() => Promise<void>> = [];
let signalsHandled = false;

/** Register `work` to run after the last test; later registrations run first. */
export function runAfterAllTests(work: () => Promise<void>): void {
  pending.unshift(work);
  if (!signalsHandled) handleTerminationSignals();
}

/** Run every registered task once, logging failures instead of throwing them. */
export async function runRegisteredCleanup(): Promise<void> {
  const tasks = pending.splice(0);
  for (const task of tasks) {
    try {
      await task();
    } catch (error) {
      console.error("test cleanup failed:", error);
    }
  }
}

// An interrupted run (Ctrl-C, or the test runner's time limit) would otherwise leave a
// PostgreSQL server running and its directory behind.
// NOTE: a process killed with SIGKILL leaves its stashsphere_test_<pid>_* databases on a
// server named by STASHSPHERE_TEST_DATABASE_URL; only a throwaway cluster has a watchdog.
function handleTerminationSignals(): void {
  signalsHandled = true;
  const exitCodes = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
  for (const [signal, exitCode] of Object.entries(exitCodes)) {
    process.once(signal, () => {
      void runRegisteredCleanup().finally(() => process.exit(exitCode));
    });
  }
}
