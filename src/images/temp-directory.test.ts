import { afterAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { claimTempDirectory, removeAbandonedTempDirectories } from "./temp-directory.ts";

const roots: string[] = [];
afterAll(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

async function newRoot(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "temp-directory-"));
  roots.push(root);
  return root;
}

/** Claim a temp directory in a child process that then waits to be killed; returns it and the child. */
async function claimInChild(root: string) {
  const script = `
    import { claimTempDirectory } from ${JSON.stringify(join(import.meta.dir, "temp-directory.ts"))};
    const directory = claimTempDirectory(${JSON.stringify(root)});
    await Bun.write(directory + "/upload.part", "half an upload");
    console.log(directory);
    await Bun.sleep(60_000);
  `;
  const child = Bun.spawn([process.execPath, "-e", script], { stdout: "pipe", stderr: "inherit" });
  const reader = child.stdout.getReader();
  let text = "";
  while (!text.includes("\n")) text += new TextDecoder().decode((await reader.read()).value);
  return { directory: text.trim(), child };
}

describe("temp directories", () => {
  test("of a running process survive another's clean-up", async () => {
    const root = await newRoot();
    const { directory, child } = await claimInChild(root);

    expect(removeAbandonedTempDirectories(root)).toBe(0);
    expect(existsSync(join(directory, "upload.part"))).toBe(true);
    child.kill("SIGKILL");
    await child.exited;
  });

  test("of a killed process are removed with their lock", async () => {
    const root = await newRoot();
    const { directory, child } = await claimInChild(root);
    child.kill("SIGKILL");
    await child.exited;

    expect(removeAbandonedTempDirectories(root)).toBe(1);
    expect(existsSync(directory)).toBe(false);
    expect(await readdir(root)).toEqual([]);
  });

  test("own claim is kept by own clean-up", async () => {
    const root = await newRoot();
    const directory = claimTempDirectory(root);
    await writeFile(join(directory, "upload.part"), "in progress");

    expect(removeAbandonedTempDirectories(root)).toBe(0);
    expect(await readdir(directory)).toEqual(["upload.part"]);
  });

  test("loose files and directories without a lock are removed", async () => {
    const root = await newRoot();
    await writeFile(join(root, "old.upload"), "from an earlier version");
    await mkdir(join(root, "stray"));

    expect(removeAbandonedTempDirectories(root)).toBe(2);
    expect(await readdir(root)).toEqual([]);
  });
});
