import { deflateSync } from "node:zlib";
import { encodePng } from "../src/images/png.ts";

type Point = [number, number];
type Colour = [number, number, number];

/** The app icon: an open-sided box drawn as three faces, on a blue tile. Coordinates run 0–1. */
const background: Colour = [0x24, 0x56, 0xc9];
const faces: { points: Point[]; colour: Colour }[] = [
  { points: [[0.5, 0.2], [0.8, 0.35], [0.5, 0.5], [0.2, 0.35]], colour: [0xff, 0xff, 0xff] },
  { points: [[0.2, 0.35], [0.5, 0.5], [0.5, 0.82], [0.2, 0.67]], colour: [0xdb, 0xe5, 0xff] },
  { points: [[0.5, 0.5], [0.8, 0.35], [0.8, 0.67], [0.5, 0.82]], colour: [0xa9, 0xc0, 0xf5] },
];

const hex = ([r, g, b]: Colour) => `#${[r, g, b].map((value) => value.toString(16).padStart(2, "0")).join("")}`;

/** The same icon as SVG, for browsers that take vector favicons. */
export function iconSvg(): string {
  const polygons = faces
    .map((face) => `<polygon fill="${hex(face.colour)}" points="${face.points.map(([x, y]) => `${x * 512},${y * 512}`).join(" ")}"/>`)
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512"><rect width="512" height="512" rx="96" fill="${hex(background)}"/>${polygons}</svg>\n`;
}

function insidePolygon([x, y]: Point, points: Point[]): boolean {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i]!;
    const [xj, yj] = points[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function insideRoundedSquare([x, y]: Point, radius: number): boolean {
  const dx = Math.max(radius - x, x - (1 - radius), 0);
  const dy = Math.max(radius - y, y - (1 - radius), 0);
  return dx * dx + dy * dy <= radius * radius;
}

/**
 * Rasterise the icon at `size` pixels with 4×4 supersampling. A maskable icon fills the whole
 * square and keeps the box inside the central 80 %, the zone every launcher mask leaves visible.
 */
export function iconPng(size: number, maskable = false): Uint8Array {
  const rgba = new Uint8Array(size * size * 4);
  const samples = 4;
  const glyphScale = maskable ? 0.8 : 1;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const point: Point = [(px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size];
          if (!maskable && !insideRoundedSquare(point, 0.1875)) continue;
          const glyphPoint: Point = [(point[0] - 0.5) / glyphScale + 0.5, (point[1] - 0.5) / glyphScale + 0.5];
          const colour = faces.find((face) => insidePolygon(glyphPoint, face.points))?.colour ?? background;
          sum[0]! += colour[0];
          sum[1]! += colour[1];
          sum[2]! += colour[2];
          sum[3]! += 255;
        }
      }
      const count = samples * samples;
      const offset = (py * size + px) * 4;
      const covered = sum[3]! / 255;
      for (let channel = 0; channel < 3; channel++) rgba[offset + channel] = covered ? Math.round(sum[channel]! / covered) : 0;
      rgba[offset + 3] = Math.round(sum[3]! / count);
    }
  }
  return encodePng(size, size, rgba, (data) => deflateSync(data, { level: 9 }));
}
