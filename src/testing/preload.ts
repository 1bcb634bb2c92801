// Loaded before every test file (bunfig.toml `[test] preload`); a hook here is global.
import { afterAll } from "bun:test";
import { runRegisteredCleanup } from "./cleanup.ts";

afterAll(runRegisteredCleanup);
