'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react';
import { gridLayout, pageOf } from '@/lib/ui/grid-layout';
import type { GridCuration } from '../curation/use-grid-curation';
import { Pager } from '../Pager';
import { WINDOW_SIZE, type ResultStore } from '../results/result-store';
import { useFrames } from '../results/use-results';
import { useDevicePixelRatio } from '../use-device-pixel-ratio';
import { useElementSize } from '../use-element-size';
import { Tile } from './Tile';

interface Props {
  store: ResultStore;
  /** Older results shown while the current query's first answer is awaited: nothing is fetched for them. */
  pending: boolean;
  tile: number;
  boxes: boolean;
  onOpen: (index: number) => void;
  /** Shows a collapsed tile's group: its query (`_collapse`'s `group.open`). */
  onOpenGroup?: (query: string) => void;
  /** After the frame view closes: the result to focus, without scrolling. */
  focusRequest: { index: number } | null;
  /** With a current selection: clicks, Space, I and X curate; Enter (or a tile's corner button) opens. */
  curation?: GridCuration | null;
  /** The result to open the grid at (`view.at`): scrolled to the top once the results are counted. */
  initialAt?: number | null;
  /** The first visible result, a moment after scrolling stops: for the URL. */
  onFirstVisible?: (index: number) => void;
}

/** How long the grid rests before its place is written into the URL. */
const PLACE_SETTLE_MS = 300;

const ROW_OVERSCAN = 3;

/**
 * The results as a virtualized grid of rows: only rows near the viewport are
 * rendered, and only their windows of results are fetched. Arrow keys move
 * between tiles (one tile is in the tab order), Enter opens one.
 */
export function FrameGrid({ store, pending, tile, boxes, onOpen, onOpenGroup, focusRequest, curation = null, initialAt = null, onFirstVisible }: Props) {
  useFrames(store);
  const scrollRef = useRef<HTMLDivElement>(null);
  const { width } = useElementSize(scrollRef);
  const layout = gridLayout(width, tile);
  const { cols, rowHeight } = layout;
  const total = store.total ?? 0;
  const [pageIndex, setPageIndex] = useState(0);
  const page = pageOf(total, layout.pageSize, pageIndex);
  const rows = Math.ceil(page.size / cols);
  const [active, setActive] = useState(0);
  const wantFocus = useRef(false);

  const dpr = useDevicePixelRatio();

  const virtualizer = useVirtualizer({
    count: width > 0 ? rows : 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: ROW_OVERSCAN,
    // Rows are rendered in their own task after a scroll event, not inside it: a fast scroll mounts a
    // screenful of new tiles at a time, and doing that within the event made one long task of the
    // render and the frame's style, layout and paint together.
    useFlushSync: false,
  });

  // A new tile size keeps the first visible frame at the top instead of jumping elsewhere.
  const firstVisible = useRef(0);
  useLayoutEffect(() => {
    virtualizer.measure();
    const row = Math.floor((firstVisible.current - page.start) / cols);
    if (row > 0) virtualizer.scrollToIndex(row, { align: 'start' });
    // Only a change of geometry re-anchors.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rowHeight, cols]);

  const items = virtualizer.getVirtualItems();
  const firstRow = items[0]?.index ?? 0;
  const lastRow = items[items.length - 1]?.index ?? 0;
  const scrollTop = virtualizer.scrollOffset ?? 0;
  useEffect(() => {
    // A pixel of slack: a row scrolled to the top lands on a rounded scrollTop, which may fall a fraction short of it.
    const topRow = Math.min(rows - 1, Math.max(0, Math.floor((scrollTop + 1) / rowHeight)));
    firstVisible.current = page.start + topRow * cols;
  }, [scrollTop, rowHeight, cols, rows, page.start]);

  // Opening at `view.at`: its page, then its row at the top, once there are rows to scroll; until then nothing is reported.
  const restored = useRef(initialAt === null);
  useEffect(() => {
    if (restored.current || width === 0 || store.total === null || rows === 0) return;
    const at = Math.min(initialAt ?? 0, Math.max(0, total - 1));
    const targetPage = Math.floor(at / layout.pageSize);
    if (targetPage !== page.index) {
      setPageIndex(targetPage);
      return;
    }
    restored.current = true;
    setActive(at);
    virtualizer.scrollToIndex(Math.floor((at - page.start) / cols), { align: 'start' });
  }, [initialAt, width, store.total, total, rows, layout.pageSize, page.index, page.start, cols, virtualizer]);

  // The place is reported once scrolling rests, and only when it moved off the place reported last.
  const reported = useRef(initialAt ?? 0);
  useEffect(() => {
    if (!onFirstVisible || !restored.current) return;
    const timer = setTimeout(() => {
      if (firstVisible.current === reported.current) return;
      reported.current = firstVisible.current;
      onFirstVisible(firstVisible.current);
    }, PLACE_SETTLE_MS);
    return () => clearTimeout(timer);
  }, [scrollTop, page.index, cols, onFirstVisible]);

  useEffect(() => {
    if (pending || items.length === 0) return;
    const start = page.start + firstRow * cols;
    const end = Math.min(page.start + page.size, page.start + (lastRow + 1) * cols);
    const timer = setTimeout(() => store.show(start - WINDOW_SIZE / 4, end + WINDOW_SIZE / 4), 40);
    return () => clearTimeout(timer);
  }, [store, pending, firstRow, lastRow, cols, page.start, page.size, items.length]);

  const goToPage = useCallback(
    (index: number) => {
      setPageIndex(index);
      scrollRef.current?.scrollTo({ top: 0 });
    },
    [],
  );

  const focusTile = useCallback(
    (index: number) => {
      const target = Math.min(Math.max(0, index), total - 1);
      const targetPage = Math.floor(target / layout.pageSize);
      if (targetPage !== page.index) setPageIndex(targetPage);
      setActive(target);
      wantFocus.current = true;
      virtualizer.scrollToIndex(Math.floor((target - targetPage * layout.pageSize) / cols), { align: 'auto' });
    },
    [total, layout.pageSize, page.index, cols, virtualizer],
  );

  useEffect(() => {
    if (!wantFocus.current) return;
    const button = scrollRef.current?.querySelector<HTMLButtonElement>(`[data-index="${active}"]`);
    if (button) {
      button.focus({ preventScroll: true });
      wantFocus.current = false;
    }
  });

  // Each request once: the tile is scrolled to only if it is off screen (the frame view may have stepped far), then focused.
  const focusedRequest = useRef<{ index: number } | null>(null);
  useEffect(() => {
    if (!focusRequest || focusedRequest.current === focusRequest) return;
    focusedRequest.current = focusRequest;
    focusTile(focusRequest.index);
    // A tile already rendered is focused now: when it is already the active one, nothing re-renders to do it later.
    const button = scrollRef.current?.querySelector<HTMLButtonElement>(`[data-index="${focusRequest.index}"]`);
    if (button) {
      button.focus({ preventScroll: true });
      wantFocus.current = false;
    }
  }, [focusRequest, focusTile]);

  const onCurate = useMemo(() => (curation ? (index: number, shift: boolean) => curation.act(index, 'toggle', shift) : undefined), [curation]);

  // A clicked tile becomes the keyboard's starting point too.
  const onFocus = (event: FocusEvent<HTMLDivElement>) => {
    const index = (event.target as HTMLElement).dataset.index;
    if (index !== undefined) setActive(Number(index));
  };

  const curationKey = (event: KeyboardEvent<HTMLDivElement>): boolean => {
    if (!curation || event.altKey || event.ctrlKey || event.metaKey) return false;
    const key = event.key.toLowerCase();
    if (event.key === 'Enter') onOpen(active);
    else if (event.key === ' ') curation.act(active, 'toggle', event.shiftKey);
    else if (key === 'i' || key === 'x') curation.act(active, key === 'i' ? 'include' : 'exclude', event.shiftKey);
    else return false;
    return true;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (curationKey(event)) {
      event.preventDefault();
      return;
    }
    const visibleRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? rowHeight) / rowHeight));
    const moves: Record<string, number> = {
      ArrowRight: 1,
      ArrowLeft: -1,
      ArrowDown: cols,
      ArrowUp: -cols,
      PageDown: cols * visibleRows,
      PageUp: -cols * visibleRows,
    };
    if (event.key in moves) focusTile(active + moves[event.key]);
    else if (event.key === 'Home') focusTile(event.ctrlKey ? 0 : active - (active % cols));
    else if (event.key === 'End') focusTile(event.ctrlKey ? total - 1 : active - (active % cols) + cols - 1);
    else return;
    event.preventDefault();
  };

  const tabbable = active >= page.start && active < page.start + page.size ? active : page.start + firstRow * cols;
  return (
    <>
      <Pager page={page} total={total} onPage={goToPage} />
      <div
        ref={scrollRef}
        className={`grid-scroll${pending ? ' pending' : ''}`}
        role="grid"
        aria-label="Frames"
        aria-rowcount={Math.ceil(total / cols)}
        aria-colcount={cols}
        aria-busy={pending}
        onKeyDown={onKeyDown}
        onFocus={onFocus}
        data-cols={cols}
      >
        <div className="grid-spacer" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const rowStart = page.start + item.index * cols;
            const count = Math.min(cols, page.start + page.size - rowStart);
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={Math.floor(rowStart / cols) + 1}
                className="grid-row"
                style={{ transform: `translateY(${item.start}px)`, height: rowHeight }}
              >
                {Array.from({ length: count }, (_, c) => {
                  const index = rowStart + c;
                  return (
                    <Tile
                      key={index}
                      frame={store.frameAt(index)}
                      index={index}
                      width={layout.tileWidth}
                      imageHeight={layout.imageHeight}
                      dpr={dpr}
                      boxes={boxes}
                      focusable={index === tabbable}
                      onOpen={onOpen}
                      onOpenGroup={onOpenGroup}
                      onCurate={onCurate}
                    />
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
    </>
  );
}
