'use client';

import {
  type Announcements,
  closestCenter,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  type UniqueIdentifier,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import {
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import type { ComponentPropsWithRef, ReactNode } from 'react';
import { useT } from '~/i18n/client';
import { fmt } from '~/i18n/format';

/** What a row needs to become a drag handle: the handle's props, and whether this row is the one moving. */
export interface DragHandle {
  handleProps: ComponentPropsWithRef<'button'>;
  dragging: boolean;
}

interface SortableItemsProps<T> {
  items: readonly T[];
  idOf: (item: T) => string;
  nameOf: (item: T) => string;
  /** Called once per drop that changes the order; the list itself never reorders `items`. */
  onMove: (item: T, toIndex: number) => void;
  renderItem: (item: T, index: number, handle: DragHandle | null) => ReactNode;
  /** False renders the rows without handles, e.g. for people who may only read. */
  enabled: boolean;
  className?: string;
  testId?: string;
}

/**
 * A vertical list reordered by dragging a handle with a mouse, a pen or a finger (pointer events), or from the
 * keyboard (Space or Enter to lift, arrows to move, Space or Enter to drop, Escape to cancel), with every step
 * announced to screen readers in the page's language.
 */
export function SortableItems<T>({
  items,
  idOf,
  nameOf,
  onMove,
  renderItem,
  enabled,
  className,
  testId,
}: SortableItemsProps<T>) {
  const t = useT();
  const sensors = useSensors(
    // A few pixels of travel before a drag starts, so a tap on the handle stays a tap.
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const ids = items.map(idOf);
  const byId = new Map(items.map((item) => [idOf(item), item]));
  type Entry = { id: UniqueIdentifier };
  const name = (entry: Entry) => {
    const item = byId.get(String(entry.id));
    return item ? nameOf(item) : String(entry.id);
  };
  const position = (entry: Entry) => ids.indexOf(String(entry.id)) + 1;
  const announcements: Announcements = {
    onDragStart: ({ active }) =>
      fmt(t.collections.dragStart, { name: name(active), pos: position(active), n: ids.length }),
    onDragOver: ({ active, over }) =>
      over ? fmt(t.collections.dragOver, { name: name(active), pos: position(over), n: ids.length }) : undefined,
    onDragEnd: ({ active, over }) =>
      fmt(t.collections.dragEnd, { name: name(active), pos: position(over ?? active), n: ids.length }),
    onDragCancel: ({ active }) => fmt(t.collections.dragCancel, { name: name(active) }),
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const item = byId.get(String(active.id));
    const to = ids.indexOf(String(over.id));
    if (item && to >= 0) onMove(item, to);
  };

  const list = (
    <ol className={className} data-testid={testId}>
      {items.map((item, index) =>
        enabled ? (
          <SortableRow key={idOf(item)} id={idOf(item)} label={`${t.collections.dragHandle}: ${nameOf(item)}`}>
            {(handle) => renderItem(item, index, handle)}
          </SortableRow>
        ) : (
          <li key={idOf(item)}>{renderItem(item, index, null)}</li>
        ),
      )}
    </ol>
  );
  if (!enabled) return list;
  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCenter}
      onDragEnd={onDragEnd}
      accessibility={{ announcements, screenReaderInstructions: { draggable: t.collections.dragInstructions } }}
    >
      <SortableContext items={ids} strategy={verticalListSortingStrategy}>
        {list}
      </SortableContext>
    </DndContext>
  );
}

function SortableRow({
  id,
  label,
  children,
}: {
  id: string;
  label: string;
  children: (handle: DragHandle) => ReactNode;
}) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id,
  });
  return (
    <li
      ref={setNodeRef}
      // Translate only: rows differ in height, and scaling one row to another's size would distort its text.
      style={{ transform: CSS.Translate.toString(transform), transition, zIndex: isDragging ? 1 : undefined }}
      className="relative"
    >
      {children({
        dragging: isDragging,
        handleProps: { ...attributes, ...listeners, ref: setActivatorNodeRef, 'aria-label': label },
      })}
    </li>
  );
}
