/** Just enough MIME decoding to read what the mail sender wrote: headers, RFC 2047 words, one text part. */
export interface DecodedMessage {
  /** The message as received, CRLF line ends included. */
  raw: string;
  /** Header names in lower case; unfolded values as sent (still encoded). */
  headers: Map<string, string>;
  subject: string;
  /** The decoded text with LF line ends. */
  body: string;
}

function decodeBytes(bytes: Uint8Array, charset: string): string {
  return new TextDecoder(charset.toLowerCase() === "us-ascii" ? "utf-8" : charset).decode(bytes);
}

function quotedPrintableBytes(text: string, underscoreIsSpace: boolean): Uint8Array {
  const bytes: number[] = [];
  const source = text.replace(/=\r?\n/g, "");
  for (let index = 0; index < source.length; index++) {
    const character = source[index] as string;
    if (character === "=" && /^[0-9A-Fa-f]{2}$/.test(source.slice(index + 1, index + 3))) {
      bytes.push(Number.parseInt(source.slice(index + 1, index + 3), 16));
      index += 2;
    } else if (character === "_" && underscoreIsSpace) {
      bytes.push(0x20);
    } else {
      bytes.push(character.charCodeAt(0));
    }
  }
  return new Uint8Array(bytes);
}

/** Decode `=?charset?Q|B?…?=` words; whitespace between two encoded words is dropped. */
export function decodeEncodedWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === "B"
        ? decodeBytes(Buffer.from(text, "base64"), charset)
        : decodeBytes(quotedPrintableBytes(text, true), charset),
    );
}

export function decodeMessage(raw: string): DecodedMessage {
  const split = raw.indexOf("\r\n\r\n");
  const headerText = split < 0 ? raw : raw.slice(0, split);
  const bodyText = split < 0 ? "" : raw.slice(split + 4);

  const headers = new Map<string, string>();
  for (const line of headerText.replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }

  const charset = /charset="?([\w-]+)"?/i.exec(headers.get("content-type") ?? "")?.[1] ?? "utf-8";
  const encoding = (headers.get("content-transfer-encoding") ?? "7bit").toLowerCase();
  const bytes =
    encoding === "quoted-printable"
      ? quotedPrintableBytes(bodyText, false)
      : encoding === "base64"
        ? Buffer.from(bodyText, "base64")
        : Buffer.from(bodyText, "latin1");
  const body = decodeBytes(bytes, charset).replace(/\r\n/g, "\n");

  return { raw, headers, subject: decodeEncodedWords(headers.get("subject") ?? ""), body };
}
