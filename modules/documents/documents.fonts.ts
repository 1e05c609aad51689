import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import pdfmake from 'pdfmake';

/**
 * DejaVu Sans from npm for every page: it has every Kazakh letter (ә ғ қ ң ө ұ ү һ і) and ₸, which
 * pdfmake's bundled Roboto lacks.
 *
 * Each font is read and parsed ONCE per process. Left to itself, pdfkit reads the file and fontkit
 * parses it (GPOS/GSUB, cmap: DejaVu's tables are large) for every document: measured, about half
 * of a document's time. fontkit's own `registerFormat` lets us add a "format" recognising a
 * small marker buffer that hands back the font parsed here; pdfmake finds the marker in its virtual
 * file system under the font's name. A parsed font is only read from afterwards (each document
 * takes its own subset of it), and every read is synchronous, so documents rendered one after
 * another or interleaved share it safely.
 *
 * The fontkit taken is the one pdfkit itself loads (resolved from pdfkit's folder), so the format
 * lands where documents are drawn even if npm ever installs two copies.
 */
const require = createRequire(import.meta.url);
const pdfkitRequire = createRequire(createRequire(require.resolve('pdfmake')).resolve('pdfkit'));
const fontkit = pdfkitRequire('fontkit') as {
  create(buffer: Uint8Array): object;
  registerFormat(format: { probe(buffer: Uint8Array): boolean }): void;
};

const fontDir = dirname(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'));
const FILES = {
  normal: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
  italics: 'DejaVuSans-Oblique.ttf',
  bolditalics: 'DejaVuSans-BoldOblique.ttf',
} as const;

/** pdfmake's in-memory file system (server side; not in its type definitions). */
const virtualfs = (
  pdfmake as unknown as { virtualfs: { writeFileSync(name: string, content: Uint8Array): void } }
).virtualfs;

/** Marker → the font it stands for, parsed on first use (most pages never use italics). */
const parsed = new Map<Uint8Array, { file: string; font: Font | null }>();
for (const file of Object.values(FILES)) {
  const marker = new TextEncoder().encode(`emhana-font:${file}`);
  parsed.set(marker, { file, font: null });
  virtualfs.writeFileSync(file, marker);
}

interface Position {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
}
interface Run {
  glyphs: unknown[];
  positions: Position[];
}
interface Glyph {
  codePoints: number[];
}
interface Font {
  layout(text: string, features?: unknown, ...rest: unknown[]): Run;
  getGlyph(id: number, characters?: number[]): Glyph | null;
}

/**
 * fontkit keeps one glyph object per glyph id, with the characters of whoever asked first. Writing
 * a document's subset asks for the parts of composed glyphs without characters (Cyrillic "Н" is
 * drawn from Latin "H"), and a later document that types that Latin letter would get a glyph with
 * none: no text for it in the PDF's ToUnicode map, so a copied or searched "H" comes out as
 * rubbish. A glyph asked for with characters gets them when it has none yet.
 */
function withCharacters(font: Font): Font {
  const getGlyph = font.getGlyph.bind(font);
  font.getGlyph = (id, characters = []) => {
    const glyph = getGlyph(id, characters);
    if (glyph && glyph.codePoints.length === 0 && characters.length > 0) glyph.codePoints = characters;
    return glyph;
  };
  return font;
}

/** Words laid out, per font, across documents: labels, units and names repeat on every page. */
const MEMO_LIMIT = 20_000;

/**
 * pdfkit lays out each word once per document (shaping: GSUB/GPOS lookups, a tenth of a page's
 * time); the result depends only on the word and the font, so it is kept across documents. pdfkit
 * scales the positions it gets in place, so each caller gets its own copy of them (glyphs are
 * only read) and the advance width is summed from that copy, as fontkit's GlyphRun does.
 */
function withLayoutMemo(font: Font): Font {
  const layout = font.layout.bind(font);
  const memo = new Map<string, Run>();
  font.layout = (text, features, ...rest) => {
    if (features || rest.length > 0) return layout(text, features, ...rest);
    let run = memo.get(text);
    if (!run) {
      if (memo.size >= MEMO_LIMIT) memo.clear();
      run = layout(text);
      memo.set(text, run);
    }
    return {
      glyphs: run.glyphs,
      positions: run.positions.map(({ xAdvance, yAdvance, xOffset, yOffset }) => ({
        xAdvance,
        yAdvance,
        xOffset,
        yOffset,
      })),
      get advanceWidth() {
        let width = 0;
        for (const position of this.positions) width += position.xAdvance;
        return width;
      },
    };
  };
  return font;
}

class ParsedOnce {
  static probe(buffer: Uint8Array): boolean {
    return parsed.has(buffer);
  }
  constructor(stream: { buffer: Uint8Array }) {
    const entry = parsed.get(stream.buffer)!;
    entry.font ??= withLayoutMemo(
      withCharacters(fontkit.create(readFileSync(join(fontDir, entry.file))) as Font),
    );
    // A constructor may hand back another object: fontkit's create() then returns the parsed font.
    // biome-ignore lint/correctness/noConstructorReturn: the point of this class
    return entry.font;
  }
}
fontkit.registerFormat(ParsedOnce);

pdfmake.setFonts({ DejaVuSans: FILES });
/**
 * pdfmake reads no local file (the fonts come from memory) and fetches no URL, so a field staff
 * typed can never make the server read a file or call out.
 */
pdfmake.setUrlAccessPolicy(() => false);
(pdfmake as unknown as { setLocalAccessPolicy(allow: (path: string) => boolean): void }).setLocalAccessPolicy(
  () => false,
);
