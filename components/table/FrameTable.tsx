'use client';

import { flexRender, getCoreRowModel, useReactTable, type SortingState, type VisibilityState } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { pageOf, TABLE_ROW_HEIGHT, tablePageSize } from '@/lib/ui/grid-layout';
import { Pager } from '../Pager';
import { WINDOW_SIZE, type ResultStore } from '../results/result-store';
import { useFrames } from '../results/use-results';
import { useDevicePixelRatio } from '../use-device-pixel-ratio';
import { ALL_TABLE_COLUMNS, tableColumns, type TableRow } from './columns';

interface Props {
  store: ResultStore;
  pending: boolean;
  columns: readonly string[];
  sort: { column: string; desc: boolean } | null;
  onSort: (sort: { column: string; desc: boolean } | null) => void;
  onOpen: (index: number) => void;
}

const PAGE_SIZE = tablePageSize();

/**
 * The same results as a table. react-table lays out the columns and their
 * sorting state; the rows it is given are only the virtualized rows on
 * screen, and sorting is done by the API (`_sort`/`_sort_desc` in the URL).
 */
export function FrameTable({ store, pending, columns, sort, onSort, onOpen }: Props) {
  useFrames(store);
  const scrollRef = useRef<HTMLDivElement>(null);
  const total = store.total ?? 0;
  const [pageIndex, setPageIndex] = useState(0);
  const page = pageOf(total, PAGE_SIZE, pageIndex);
  const dpr = useDevicePixelRatio();

  const virtualizer = useVirtualizer({
    count: page.size,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => TABLE_ROW_HEIGHT,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    if (pending || items.length === 0) return;
    const timer = setTimeout(() => store.show(page.start + first - WINDOW_SIZE / 4, page.start + last + 1 + WINDOW_SIZE / 4), 40);
    return () => clearTimeout(timer);
  }, [store, pending, first, last, page.start, items.length]);

  const data = items.map((item): TableRow => ({ index: page.start + item.index, frame: store.frameAt(page.start + item.index) }));
  const columnDefs = useMemo(() => tableColumns(onOpen, dpr), [onOpen, dpr]);
  const sorting: SortingState = sort ? [{ id: sort.column, desc: sort.desc }] : [];
  const columnVisibility: VisibilityState = Object.fromEntries(ALL_TABLE_COLUMNS.map((id) => [id, columns.includes(id)]));

  const table = useReactTable({
    data,
    columns: columnDefs,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => String(row.index),
    manualSorting: true,
    // The rows given are only those on screen, a new array every render: react-table must not
    // "reset" pagination or expansion when they change, or each reset renders again, forever.
    manualPagination: true,
    autoResetAll: false,
    enableMultiSort: false,
    sortDescFirst: false,
    state: { sorting, columnVisibility },
    onSortingChange: (updater) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater;
      onSort(next[0] ? { column: next[0].id, desc: next[0].desc } : null);
    },
  });

  const goToPage = useCallback((index: number) => {
    setPageIndex(index);
    scrollRef.current?.scrollTo({ top: 0 });
  }, []);

  const visible = table.getVisibleLeafColumns();
  const template = visible.map((c) => `${c.getSize()}px`).join(' ');
  const width = visible.reduce((sum, c) => sum + c.getSize(), 0);
  const rows = table.getRowModel().rows;

  return (
    <>
      <Pager page={page} total={total} onPage={goToPage} />
      <div ref={scrollRef} className={`table-scroll${pending ? ' pending' : ''}`}>
        <div role="table" aria-label="Frames" aria-rowcount={total + 1} className="frame-table" style={{ width }}>
          <div role="rowgroup" className="table-head">
            {table.getHeaderGroups().map((group) => (
              <div role="row" key={group.id} aria-rowindex={1} className="table-row" style={{ gridTemplateColumns: template }}>
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  const canSort = header.column.getCanSort();
                  const meta = header.column.columnDef.meta as { numeric?: boolean; about?: string } | undefined;
                  return (
                    <div
                      role="columnheader"
                      key={header.id}
                      aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}
                      className={`table-cell head${meta?.numeric ? ' numeric' : ''}`}
                      title={meta?.about}
                    >
                      {canSort ? (
                        <button type="button" className="sort-button" onClick={header.column.getToggleSortingHandler()}>
                          {flexRender(header.column.columnDef.header, header.getContext())}
                          <span className="sort-mark" aria-hidden="true">
                            {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : ''}
                          </span>
                        </button>
                      ) : (
                        flexRender(header.column.columnDef.header, header.getContext())
                      )}
                    </div>
                  );
                })}
              </div>
            ))}
          </div>
          <div role="rowgroup" className="table-body" style={{ height: virtualizer.getTotalSize() }}>
            {rows.map((row, i) => {
              const item = items[i];
              return (
                <div
                  role="row"
                  key={row.id}
                  aria-rowindex={row.original.index + 2}
                  className={`table-row${row.original.frame ? '' : ' loading'}`}
                  style={{ gridTemplateColumns: template, transform: `translateY(${item.start}px)`, height: TABLE_ROW_HEIGHT }}
                  onClick={(event) => {
                    if (!(event.target as HTMLElement).closest('button')) onOpen(row.original.index);
                  }}
                >
                  {row.getVisibleCells().map((cell) => {
                    const meta = cell.column.columnDef.meta as { numeric?: boolean } | undefined;
                    return (
                      <div role="cell" key={cell.id} className={`table-cell${meta?.numeric ? ' numeric' : ''}`}>
                        {flexRender(cell.column.columnDef.cell, cell.getContext())}
                      </div>
                    );
                  })}
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </>
  );
}
