// Data-model patterns run in the JS backtracking regex engine, where a quantified group that itself
// holds a quantifier ("(a+)+$") can take exponential time on a crafted value and freeze the process.
// Imports refuse such patterns; validation skips any that slipped in and bounds the value it tests.
// Browser-safe (the device page validates edits with the same code).

/** Values longer than this are not run through a pattern (nor accepted: fault 9007). */
export const MAX_PATTERN_INPUT = 256;

interface Frame {
  /** Atoms of this group that sit under some quantifier (nested groups included). */
  quantifiedAtoms: string[];
  /** Every piece at the group's top level, in order, with whether it was quantified. */
  pieces: { atom: string; quantified: boolean; group: boolean }[];
  alternation: boolean;
  /** Atoms anywhere inside, for a parent that quantifies this group. */
  allAtoms: string[];
}

const newFrame = (): Frame => ({ quantifiedAtoms: [], pieces: [], alternation: false, allAtoms: [] });

/** Length of the quantifier at `i` (0 if none) and whether it repeats more than once. */
function quantifierAt(p: string, i: number): { length: number; repeats: boolean } {
  const c = p[i];
  let length = 0;
  let repeats = false;
  if (c === "*" || c === "+") [length, repeats] = [1, true];
  else if (c === "?") [length, repeats] = [1, false];
  else if (c === "{") {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i));
    if (m) {
      length = m[0].length;
      const max = m[2] === undefined ? Number(m[1]) : m[3] === "" ? Infinity : Number(m[3]);
      repeats = max > 1;
    }
  }
  if (length > 0 && p[i + length] === "?") length++; // lazy variant
  return { length, repeats };
}

function matchesChar(atom: string, ch: string): boolean {
  try {
    return new RegExp(`^(?:${atom})$`, "u").test(ch);
  } catch {
    return true; // unknown: assume it could match
  }
}

/** The one character an atom stands for, if it is a literal ("a", "\\.", ":"); undefined otherwise. */
function literalChar(atom: string): string | undefined {
  if (atom.length === 1) return /[.^$]/.test(atom) ? undefined : atom;
  // An escaped non-alphanumeric is that character; \d, \w, \n and the like are classes or controls.
  return atom.length === 2 && atom[0] === "\\" && /[^\p{L}\p{N}]/u.test(atom[1]!) ? atom[1] : undefined;
}

/**
 * A repeated group is safe when every iteration must start (or end) with a fixed character that no
 * quantified atom inside it can match: "(:\d+)*" and "(\.\d+)*" split unambiguously at ':' or '.'.
 */
function delimited(frame: Frame): boolean {
  if (frame.alternation) return false;
  const ends = [frame.pieces[0], frame.pieces[frame.pieces.length - 1]];
  return ends.some((end) => {
    if (!end || end.quantified || end.group) return false;
    const ch = literalChar(end.atom);
    return ch !== undefined && !frame.quantifiedAtoms.some((a) => matchesChar(a, ch));
  });
}

/**
 * Why a pattern may backtrack catastrophically, or undefined when it is structurally safe: a group
 * repeated more than once that holds a quantifier or an alternation without a delimiter, a
 * back-reference or a look-around (neither exists in XML Schema patterns).
 */
export function patternHazard(p: string): string | undefined {
  const stack: Frame[] = [newFrame()];
  let i = 0;
  while (i < p.length) {
    const frame = stack[stack.length - 1]!;
    const c = p[i]!;
    let atom: string;
    let group: Frame | undefined;
    if (c === "\\") {
      if (/[1-9k]/.test(p[i + 1] ?? "")) return "back-references are not allowed";
      const m = /^\\[pP]\{[^}]*\}/u.exec(p.slice(i));
      atom = m ? m[0] : p.slice(i, i + 2);
    } else if (c === "[") {
      let j = i + 1;
      if (p[j] === "^") j++;
      if (p[j] === "]") j++;
      while (j < p.length && p[j] !== "]") j += p[j] === "\\" ? 2 : 1;
      atom = p.slice(i, j + 1);
    } else if (c === "(") {
      if (/^\(\?(?:[=!]|<[=!])/.test(p.slice(i))) return "look-arounds are not allowed";
      stack.push(newFrame());
      i += p.startsWith("(?:", i) ? 3 : p.startsWith("(?<", i) ? p.indexOf(">", i) + 1 - i : 1;
      continue;
    } else if (c === ")") {
      if (stack.length === 1) return "unbalanced parenthesis";
      group = stack.pop();
      atom = "(group)";
    } else if (c === "|") {
      frame.alternation = true;
      i++;
      continue;
    } else {
      atom = c;
    }
    i += c === ")" ? 1 : atom.length;
    const owner = stack[stack.length - 1]!;
    const q = quantifierAt(p, i);
    const quantified = q.length > 0;
    if (group) {
      if (q.repeats && (group.quantifiedAtoms.length > 0 || group.alternation) && !delimited(group)) {
        return "a repeated group holds a quantifier or alternatives (nested quantifiers)";
      }
      owner.allAtoms.push(...group.allAtoms);
      owner.quantifiedAtoms.push(...(quantified ? group.allAtoms : group.quantifiedAtoms));
    } else {
      owner.allAtoms.push(atom);
      if (quantified) owner.quantifiedAtoms.push(atom);
    }
    owner.pieces.push({ atom, quantified, group: group !== undefined });
    i += q.length;
  }
  return stack.length === 1 ? undefined : "unbalanced parenthesis";
}
