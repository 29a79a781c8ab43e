import type { ConditionIR, GroupIR, LoopItemsIR, SourceLocation, ValueType } from "../ir.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type ConditionPart = { readonly condition: ConditionIR; readonly negate: boolean };
/** A group while the body is read: mutable, with what its lowering needs before it becomes a {@link GroupIR}. */
export type GroupDraft = Mutable<Omit<GroupIR, "tasks" | "groups">> & { tasks: number[]; groups: GroupDraft[] } & Partial<{
  parts: ConditionPart[];
  items: LoopItemsIR;
  itemType: ValueType;
  fieldTypes: Record<string, ValueType>;
  parallelism: number;
  exitTask: number;
}>;

/**
 * Builds the tree of groups of a pipeline body, numbering groups as the Python SDK does: one counter
 * per pipeline, taken when a group is entered, and once more by a loop over a literal list; an
 * `if` that gets an `else` is wrapped in a `branches` group that takes over the `if`'s number.
 */
export class GroupBuilder {
  private counter = 0;
  readonly root: GroupDraft;
  private readonly stack: GroupDraft[];

  constructor(location: SourceLocation) {
    this.root = { kind: "root", id: 0, tasks: [], groups: [], location };
    this.stack = [this.root];
  }

  nextId(): number {
    return ++this.counter;
  }

  get current(): GroupDraft {
    return this.stack[this.stack.length - 1]!;
  }

  /** The groups from the root to the current one. */
  get path(): readonly GroupDraft[] {
    return [...this.stack];
  }

  addTask(task: number): void {
    this.current.tasks.push(task);
  }

  /** Opens a group in the current one and makes it current; `id` is taken now unless given. */
  enter(group: Omit<GroupDraft, "id" | "tasks" | "groups"> & { id?: number }): GroupDraft {
    const node: GroupDraft = { ...group, id: group.id ?? this.nextId(), tasks: [], groups: [] } as GroupDraft;
    this.current.groups.push(node);
    this.stack.push(node);
    return node;
  }

  exit(): void {
    this.stack.pop();
  }

  /** Wraps the last group of the current one (an `if` that turned out to have an `else`) in a `branches` group, and enters it. */
  wrapInBranches(branch: GroupDraft, location: SourceLocation): GroupDraft {
    const parent = this.current;
    const wrapperId = this.nextId();
    const wrapper: GroupDraft = { kind: "branches", id: branch.id, tasks: [], groups: [branch], location } as GroupDraft;
    branch.id = wrapperId;
    parent.groups[parent.groups.indexOf(branch)] = wrapper;
    this.stack.push(wrapper);
    return wrapper;
  }

  /** Every group whose subtree holds `task`, from the root down. */
  groupsOf(task: number): GroupDraft[] {
    const find = (group: GroupDraft, trail: GroupDraft[]): GroupDraft[] | undefined => {
      const here = [...trail, group];
      if (group.tasks.includes(task)) return here;
      for (const child of group.groups) {
        const found = find(child, here);
        if (found) return found;
      }
      return undefined;
    };
    return find(this.root, []) ?? [];
  }

  /** The group that holds `group` directly. */
  parentOf(group: GroupDraft): GroupDraft | undefined {
    const find = (node: GroupDraft): GroupDraft | undefined => (node.groups.includes(group) ? node : node.groups.map(find).find((g) => g !== undefined));
    return find(this.root);
  }

  loop(id: number): GroupDraft | undefined {
    const find = (group: GroupDraft): GroupDraft | undefined =>
      group.kind === "loop" && group.id === id ? group : group.groups.map(find).find((g) => g !== undefined);
    return find(this.root);
  }
}
