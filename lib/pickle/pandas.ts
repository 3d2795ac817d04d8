/**
 * pandas' pickled objects, rebuilt as plain data: the DataFrame and its
 * BlockManager (pandas 1.x's __reduce__ and legacy __getstate__ forms),
 * blocks, indexes, and the NDArrayBacked extension arrays pandas 2/3 write
 * for datetimes and strings.
 */
import type { GlobalRegistry, Stateful, UnpickleContext } from './globals';
import { DType, NDArray } from './numpy';
import { PySlice, describe } from './python';

/** pandas' string dtype (`StringDtype(storage, na_value)`); `str` in pandas 3 when na_value is NaN. */
export class StringDType implements Stateful {
  constructor(
    readonly storage: string,
    readonly naIsNaN: boolean,
  ) {}

  get name(): string {
    return this.naIsNaN ? 'str' : 'string';
  }

  setState(state: unknown, ctx: UnpickleContext): void {
    if (!(state instanceof Map)) ctx.fail(`StringDtype state must be a dict, got ${describe(state)}`);
  }
}

/** A pandas extension array backed by one ndarray (StringArray, DatetimeArray, TimedeltaArray). */
export class BackedArray implements Stateful {
  dtype: DType | StringDType | null = null;
  values: NDArray | null = null;

  constructor(readonly className: string) {}

  setState(state: unknown, ctx: UnpickleContext): void {
    if (!Array.isArray(state) || state.length < 2) ctx.fail(`${this.className} state must be (dtype, ndarray, ...), got ${describe(state)}`);
    const [dtype, values] = state;
    if (!(dtype instanceof DType) && !(dtype instanceof StringDType)) ctx.fail(`${this.className} has no dtype`);
    if (!(values instanceof NDArray)) ctx.fail(`${this.className} holds ${describe(values)}, not an ndarray`);
    if (dtype instanceof StringDType && values.dtype.kind !== 'O') ctx.fail(`${this.className} must hold an object ndarray`);
    this.dtype = dtype;
    this.values = values;
  }
}

export type BlockValues = NDArray | BackedArray;

export class Block {
  constructor(
    readonly values: BlockValues,
    /** Which columns of the frame the block's rows are: a slice or an array of positions. */
    readonly placement: PySlice | NDArray,
  ) {}
}

export class PandasIndex {
  constructor(
    readonly type: string,
    readonly name: unknown,
    readonly values: BlockValues | { start: number; stop: number; step: number },
  ) {}
}

export class BlockManager implements Stateful {
  blocks: Block[] = [];
  axes: PandasIndex[] = [];

  /** pandas <= 1.2 (and any pickle made without __reduce__): the "0.14.1" state. */
  setState(state: unknown, ctx: UnpickleContext): void {
    const extra = Array.isArray(state) && state.length >= 4 && state[3] instanceof Map ? state[3].get('0.14.1') : undefined;
    if (!(extra instanceof Map)) ctx.fail('BlockManager state is not the pandas "0.14.1" layout');
    const axes = extra.get('axes');
    const blocks = extra.get('blocks');
    if (!Array.isArray(blocks)) ctx.fail('BlockManager state has no block list');
    this.assign(
      blocks.map((block) => {
        if (!(block instanceof Map)) ctx.fail(`BlockManager block must be a dict, got ${describe(block)}`);
        return makeBlock([block.get('values'), block.get('mgr_locs')], ctx);
      }),
      axes,
      ctx,
    );
  }

  assign(blocks: unknown, axes: unknown, ctx: UnpickleContext): this {
    if (!Array.isArray(blocks) || !blocks.every((b) => b instanceof Block)) ctx.fail('BlockManager blocks must be blocks');
    if (!Array.isArray(axes) || axes.length !== 2 || !axes.every((a) => a instanceof PandasIndex)) {
      ctx.fail('BlockManager needs two axes (columns, index): this reader handles DataFrames, not Series');
    }
    this.blocks = blocks as Block[];
    this.axes = axes as PandasIndex[];
    return this;
  }
}

export class DataFrameState implements Stateful {
  manager: BlockManager | null = null;
  attrs: Map<unknown, unknown> = new Map();

  setState(state: unknown, ctx: UnpickleContext): void {
    if (!(state instanceof Map)) ctx.fail(`DataFrame state must be a dict, got ${describe(state)}`);
    const manager = state.get('_mgr') ?? state.get('_data');
    if (!(manager instanceof BlockManager)) ctx.fail(`DataFrame holds ${describe(manager)}, not a BlockManager`);
    this.manager = manager;
    const attrs = state.get('attrs');
    if (attrs instanceof Map) this.attrs = attrs;
  }
}

function makeBlock([values, placement]: unknown[], ctx: UnpickleContext): Block {
  if (!(values instanceof NDArray) && !(values instanceof BackedArray)) ctx.fail(`block values must be an array, got ${describe(values)}`);
  if (!(placement instanceof PySlice) && !(placement instanceof NDArray)) ctx.fail(`block placement must be a slice or an array, got ${describe(placement)}`);
  return new Block(values, placement);
}

const INDEX_CLASSES: Array<[string, string]> = [
  ['pandas.core.indexes.base', 'Index'],
  ['pandas', 'Index'],
  ['pandas.core.indexes.numeric', 'Int64Index'],
  ['pandas.core.indexes.numeric', 'UInt64Index'],
  ['pandas.core.indexes.numeric', 'Float64Index'],
  ['pandas.core.indexes.numeric', 'NumericIndex'],
  ['pandas.core.indexes.range', 'RangeIndex'],
  ['pandas', 'RangeIndex'],
];

function newIndex([cls, state]: unknown[], indexClasses: Set<unknown>, ctx: UnpickleContext): PandasIndex {
  if (!indexClasses.has(cls)) ctx.fail(`pandas.core.indexes.base._new_Index for ${describe(cls)}: only plain, numeric and range indexes are supported`);
  if (!(state instanceof Map)) ctx.fail(`index state must be a dict, got ${describe(state)}`);
  const type = (cls as { name: string }).name;
  const name = state.get('name') ?? null;
  if (type === 'RangeIndex') {
    const [start, stop, step] = ['start', 'stop', 'step'].map((key) => state.get(key));
    if (![start, stop, step].every((n) => Number.isSafeInteger(n)) || step === 0) ctx.fail('RangeIndex needs integer start, stop and non-zero step');
    return new PandasIndex(type, name, { start: start as number, stop: stop as number, step: step as number });
  }
  const data = state.get('data');
  if (!(data instanceof NDArray) && !(data instanceof BackedArray)) ctx.fail(`${type} data must be an array, got ${describe(data)}`);
  return new PandasIndex(type, name, data);
}

/** Registers a class under every module path the supported pandas versions use. */
function registerUnder(registry: GlobalRegistry, modules: string[], name: string, how: Parameters<GlobalRegistry['cls']>[2]) {
  return modules.map((module) => registry.cls(module, name, how));
}

export function registerPandasGlobals(registry: GlobalRegistry): void {
  registerUnder(registry, ['pandas.core.frame', 'pandas'], 'DataFrame', { instantiate: () => new DataFrameState() });

  registry.cls('pandas.core.internals.managers', 'BlockManager', {
    call: ([blocks, axes], ctx) => new BlockManager().assign(blocks, axes, ctx),
    instantiate: () => new BlockManager(),
  });
  registry.function('pandas._libs.internals', '_unpickle_block', (args, ctx) => makeBlock(args, ctx));

  const indexClasses = new Set<unknown>(INDEX_CLASSES.map(([module, name]) => registry.marker(module, name)));
  registry.function('pandas.core.indexes.base', '_new_Index', (args, ctx) => newIndex(args, indexClasses, ctx));

  registerUnder(registry, ['pandas.core.arrays.string_', 'pandas'], 'StringDtype', {
    call: ([storage, naValue], ctx: UnpickleContext) => {
      if (storage !== 'python') ctx.fail(`StringDtype(storage=${describe(storage)}) is not supported: only python-backed strings (pyarrow-backed columns need pyarrow to read)`);
      return new StringDType(storage, typeof naValue === 'number' && Number.isNaN(naValue));
    },
  });

  const backedClasses = new Map<unknown, string>();
  for (const [modules, name] of [
    [['pandas.core.arrays.string_', 'pandas.arrays'], 'StringArray'],
    [['pandas.core.arrays.datetimes', 'pandas.arrays'], 'DatetimeArray'],
    [['pandas.core.arrays.timedeltas', 'pandas.arrays'], 'TimedeltaArray'],
  ] as const) {
    for (const cls of registerUnder(registry, [...modules], name, {})) backedClasses.set(cls, name);
  }
  registry.function('pandas._libs.arrays', '__pyx_unpickle_NDArrayBacked', ([cls, , state], ctx: UnpickleContext) => {
    const name = backedClasses.get(cls);
    if (!name) ctx.fail(`pandas._libs.arrays.__pyx_unpickle_NDArrayBacked for ${describe(cls)} is not supported`);
    const array = new BackedArray(name);
    if (state !== null && state !== undefined) array.setState(state, ctx);
    return array;
  });
}
