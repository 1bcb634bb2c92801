import { generateSigningKeyText, genkeyLabel } from "../auth/signing-key.ts";
import { helpOption, type Command } from "./command.ts";

export const genkeyCommand: Command = {
  name: "genkey",
  summary: "print a new session signing key for auth.privateKey",
  details: "The key is an Ed25519 private key in the format the original server uses, so either can read it.",
  options: [helpOption],
  async run() {
    console.log(`${genkeyLabel} ${generateSigningKeyText()}`);
    return 0;
  },
};
