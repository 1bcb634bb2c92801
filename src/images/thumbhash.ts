/**
 * ThumbHash encoder: a ~25-byte placeholder that stores a picture's average colour, whether it
 * has transparency, its aspect ratio and a few low-frequency cosine coefficients of its
 * luminance (L), two chroma channels (P = yellow–blue, Q = red–green) and alpha, four bits
 * each. Format by Evan Wallace (https://evanw.github.io/thumbhash/); the web app decodes it.
 *
 * `rgba` holds `width × height` pixels, 4 bytes each, not premultiplied; both sides at most
 * 100 pixels, as the format requires.
 */
export function encodeThumbHash(width: number, height: number, rgba: Uint8Array): Uint8Array {
  if (width > 100 || height > 100) throw new RangeError(`ThumbHash input must be at most 100×100 pixels, got ${width}×${height}`);
  if (rgba.length !== width * height * 4) throw new RangeError(`expected ${width * height * 4} bytes of RGBA, got ${rgba.length}`);
  const pixelCount = width * height;

  // Average colour, weighted by alpha; transparent pixels are then filled with it so that
  // they do not pull the colour channels towards black.
  let averageR = 0;
  let averageG = 0;
  let averageB = 0;
  let averageA = 0;
  for (let i = 0; i < pixelCount; i += 1) {
    const alpha = rgba[i * 4 + 3]! / 255;
    averageR += (alpha / 255) * rgba[i * 4]!;
    averageG += (alpha / 255) * rgba[i * 4 + 1]!;
    averageB += (alpha / 255) * rgba[i * 4 + 2]!;
    averageA += alpha;
  }
  if (averageA > 0) {
    averageR /= averageA;
    averageG /= averageA;
    averageB /= averageA;
  }

  const hasAlpha = averageA < pixelCount;
  const luminanceLimit = hasAlpha ? 5 : 7; // alpha costs space, so luminance gets fewer terms
  const longerSide = Math.max(width, height);
  const lx = Math.max(1, Math.round((luminanceLimit * width) / longerSide));
  const ly = Math.max(1, Math.round((luminanceLimit * height) / longerSide));

  const l = new Float64Array(pixelCount);
  const p = new Float64Array(pixelCount);
  const q = new Float64Array(pixelCount);
  const a = new Float64Array(pixelCount);
  for (let i = 0; i < pixelCount; i += 1) {
    const alpha = rgba[i * 4 + 3]! / 255;
    const r = averageR * (1 - alpha) + (alpha / 255) * rgba[i * 4]!;
    const g = averageG * (1 - alpha) + (alpha / 255) * rgba[i * 4 + 1]!;
    const b = averageB * (1 - alpha) + (alpha / 255) * rgba[i * 4 + 2]!;
    l[i] = (r + g + b) / 3;
    p[i] = (r + g) / 2 - b;
    q[i] = r - g;
    a[i] = alpha;
  }

  const encode = (channel: Float64Array, nx: number, ny: number) => encodeChannel(channel, width, height, nx, ny);
  const lum = encode(l, Math.max(3, lx), Math.max(3, ly));
  const yellowBlue = encode(p, 3, 3);
  const redGreen = encode(q, 3, 3);
  const transparency = hasAlpha ? encode(a, 5, 5) : undefined;

  const isLandscape = width > height;
  const header24 =
    Math.round(63 * lum.dc) |
    (Math.round(31.5 + 31.5 * yellowBlue.dc) << 6) |
    (Math.round(31.5 + 31.5 * redGreen.dc) << 12) |
    (Math.round(31 * lum.scale) << 18) |
    ((hasAlpha ? 1 : 0) << 23);
  const header16 =
    (isLandscape ? ly : lx) |
    (Math.round(63 * yellowBlue.scale) << 3) |
    (Math.round(63 * redGreen.scale) << 9) |
    ((isLandscape ? 1 : 0) << 15);

  const acChannels = transparency ? [lum.ac, yellowBlue.ac, redGreen.ac, transparency.ac] : [lum.ac, yellowBlue.ac, redGreen.ac];
  const acCount = acChannels.reduce((sum, ac) => sum + ac.length, 0);
  const acStart = transparency ? 6 : 5;
  const hash = new Uint8Array(acStart + Math.ceil(acCount / 2));
  hash[0] = header24 & 255;
  hash[1] = (header24 >> 8) & 255;
  hash[2] = header24 >> 16;
  hash[3] = header16 & 255;
  hash[4] = header16 >> 8;
  if (transparency) hash[5] = Math.round(15 * transparency.dc) | (Math.round(15 * transparency.scale) << 4);

  // Two 4-bit AC coefficients per byte, low nibble first.
  let acIndex = 0;
  for (const ac of acChannels) {
    for (const value of ac) {
      hash[acStart + (acIndex >> 1)]! |= Math.round(15 * value) << ((acIndex & 1) << 2);
      acIndex += 1;
    }
  }
  return hash;
}

/**
 * The DC term and the AC terms of a 2-D cosine transform over the triangle `cx·ny < nx·(ny−cy)`
 * of frequencies, with the AC terms scaled into 0..1 by their largest magnitude.
 */
function encodeChannel(channel: Float64Array, width: number, height: number, nx: number, ny: number) {
  let dc = 0;
  const ac: number[] = [];
  let scale = 0;
  const cosX = new Float64Array(width);
  for (let cy = 0; cy < ny; cy += 1) {
    for (let cx = 0; cx * ny < nx * (ny - cy); cx += 1) {
      for (let x = 0; x < width; x += 1) cosX[x] = Math.cos((Math.PI / width) * cx * (x + 0.5));
      let sum = 0;
      for (let y = 0; y < height; y += 1) {
        const cosY = Math.cos((Math.PI / height) * cy * (y + 0.5));
        for (let x = 0; x < width; x += 1) sum += channel[x + y * width]! * cosX[x]! * cosY;
      }
      const coefficient = sum / (width * height);
      if (cx > 0 || cy > 0) {
        ac.push(coefficient);
        scale = Math.max(scale, Math.abs(coefficient));
      } else {
        dc = coefficient;
      }
    }
  }
  if (scale > 0) for (let i = 0; i < ac.length; i += 1) ac[i] = 0.5 + (0.5 / scale) * ac[i]!;
  return { dc, ac, scale };
}
