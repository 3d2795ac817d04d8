/**
 * The allow-list. Python's unpickler imports whatever module a pickle names
 * and calls it; ours only knows the globals registered here, each rebuilt by
 * our own code. Anything else stops the read with an error naming it.
 */

export interface UnpickleContext {
  readonly file: string;
  /** Stops the read with an error naming the file and the current opcode's offset. */
  fail(detail: string): never;
  /** Charges an allocation against the read's budget, failing past the cap. */
  allocate(bytes: number): void;
}

type Rebuild = (args: unknown[], ctx: UnpickleContext) => unknown;

/** A module-level Python name the reader accepts, as it appears on the stack. */
export class PyGlobal {
  constructor(
    readonly module: string,
    readonly name: string,
    /** What `REDUCE` does with it: calling a function or a class. */
    readonly call?: Rebuild,
    /** What `NEWOBJ` does with it: `cls.__new__(cls, *args)`. */
    readonly instantiate?: Rebuild,
  ) {}

  get qualifiedName(): string {
    return `${this.module}.${this.name}`;
  }
}

/** Objects that accept Python's `BUILD` (`__setstate__`) opcode. */
export interface Stateful {
  setState(state: unknown, ctx: UnpickleContext): void;
}

export function isStateful(value: unknown): value is Stateful {
  return typeof value === 'object' && value !== null && typeof (value as Stateful).setState === 'function';
}

/** Module renames: Python 2's names (protocol 2) and numpy 2's private core. A Map, so names from the file never reach Object.prototype. */
const MODULE_ALIASES = new Map([
  ['__builtin__', 'builtins'],
  ['copy_reg', 'copyreg'],
  ['numpy._core', 'numpy.core'],
  ['numpy._core.multiarray', 'numpy.core.multiarray'],
  ['numpy._core.numeric', 'numpy.core.numeric'],
]);

export class GlobalRegistry {
  private readonly entries = new Map<string, PyGlobal>();

  private add(global: PyGlobal): PyGlobal {
    this.entries.set(global.qualifiedName, global);
    return global;
  }

  function(module: string, name: string, call: Rebuild): PyGlobal {
    return this.add(new PyGlobal(module, name, call));
  }

  /** A class: `instantiate` for NEWOBJ, and `call` when the pickle calls the class. */
  cls(module: string, name: string, how: { call?: Rebuild; instantiate?: Rebuild }): PyGlobal {
    return this.add(new PyGlobal(module, name, how.call, how.instantiate));
  }

  /** A class that is only ever passed as an argument (e.g. `numpy.ndarray`). */
  marker(module: string, name: string): PyGlobal {
    return this.add(new PyGlobal(module, name));
  }

  lookup(module: string, name: string, ctx: UnpickleContext): PyGlobal {
    const canonical = MODULE_ALIASES.get(module) ?? module;
    const found = this.entries.get(`${canonical}.${name}`);
    if (!found) {
      ctx.fail(`refusing global ${module}.${name}: it is not a pandas, numpy or Python type this reader knows`);
    }
    return found;
  }

  call(callable: unknown, args: unknown[], ctx: UnpickleContext): unknown {
    if (!(callable instanceof PyGlobal)) return ctx.fail('REDUCE on a value that is not a known global');
    if (!callable.call) return ctx.fail(`${callable.qualifiedName} cannot be called here`);
    return callable.call(args, ctx);
  }

  instantiate(cls: unknown, args: unknown[], ctx: UnpickleContext): unknown {
    if (!(cls instanceof PyGlobal)) return ctx.fail('NEWOBJ on a value that is not a known class');
    if (!cls.instantiate) return ctx.fail(`${cls.qualifiedName} cannot be instantiated here`);
    return cls.instantiate(args, ctx);
  }
}
