"use client";

import {
  createContext,
  useContext,
  useState,
  type FocusEvent,
  type KeyboardEvent,
  type ReactNode,
} from "react";
import { moveIndex } from "./match-tree";

// Roving tabindex for the parameter tree (WAI-ARIA tree pattern): exactly one tree item is in the
// tab order; arrow keys, Home and End move focus among the items shown. Objects handle Right/Left
// themselves (expand, collapse, first child); the tree handles the rest and Left to the parent.

interface TreeFocus {
  active: string | null;
  setActive: (path: string) => void;
}

const Focus = createContext<TreeFocus>({ active: null, setActive: () => {} });

export function TreeFocusProvider({ children }: { children: ReactNode }) {
  const [active, setActive] = useState<string | null>(null);
  return <Focus.Provider value={{ active, setActive }}>{children}</Focus.Provider>;
}

export function useTreeFocus(): TreeFocus {
  return useContext(Focus);
}

/** Props of one tree item's element: in the tab order when active, and active once focused. */
export function useTreeItem(path: string, first: boolean) {
  const { active, setActive } = useTreeFocus();
  const tabbable = active === path || (active === null && first);
  return {
    tabIndex: tabbable ? 0 : -1,
    "data-tree-path": path,
    onFocus: (e: { target: EventTarget; currentTarget: EventTarget }) => {
      if (e.target === e.currentTarget) setActive(path);
    },
  };
}

const itemOf = (el: Element | null) => el?.closest<HTMLElement>('[role="treeitem"]') ?? null;

/** The tree's keydown handler: Up/Down/Home/End among visible items, Left to the parent item. */
export function onTreeKeyDown(e: KeyboardEvent<HTMLElement>): void {
  const target = e.target as HTMLElement;
  // Keys typed in a value editor or on a row's buttons are theirs.
  if (target.getAttribute("role") !== "treeitem") return;
  // Placeholders ("Loading…") are disabled items: not stops for the keyboard.
  const items = [
    ...e.currentTarget.querySelectorAll<HTMLElement>('[role="treeitem"]:not([aria-disabled="true"])'),
  ];
  const next = moveIndex(e.key, items.indexOf(target), items.length);
  if (next !== null) {
    e.preventDefault();
    items[next]?.focus();
    return;
  }
  if (e.key === "ArrowLeft") {
    const parent = itemOf(target.parentElement);
    if (parent) {
      e.preventDefault();
      parent.focus();
    }
  }
}

/** An object item's own keys: Right expands or enters, Left collapses, Enter toggles. */
export function objectKeyDown(
  e: KeyboardEvent<HTMLElement>,
  open: boolean,
  setOpen: (open: boolean) => void,
): void {
  if (e.target !== e.currentTarget) return;
  if (e.key === "ArrowRight") {
    e.preventDefault();
    if (!open) setOpen(true);
    else
      e.currentTarget
        .querySelector<HTMLElement>('[role="group"] [role="treeitem"]:not([aria-disabled="true"])')
        ?.focus();
  } else if (e.key === "ArrowLeft" && open) {
    e.preventDefault();
    e.stopPropagation();
    setOpen(false);
  } else if (e.key === "Enter") {
    e.preventDefault();
    setOpen(!open);
  }
}

/**
 * Whether a tree item itself has keyboard focus (:focus-visible), so its row can show what only
 * hovering would otherwise show (the full path). Escape hides it again (WCAG 1.4.13).
 */
export function useKeyboardFocus() {
  const [visible, setVisible] = useState(false);
  const own = (e: { target: EventTarget; currentTarget: EventTarget }) => e.target === e.currentTarget;
  return {
    visible,
    onFocus: (e: FocusEvent<HTMLElement>) => {
      if (own(e)) setVisible(e.currentTarget.matches(":focus-visible"));
    },
    onBlur: (e: FocusEvent<HTMLElement>) => {
      if (own(e)) setVisible(false);
    },
    onKeyDown: (e: KeyboardEvent<HTMLElement>) => {
      if (e.key === "Escape") setVisible(false);
    },
  };
}
