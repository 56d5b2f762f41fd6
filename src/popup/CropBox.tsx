// The searched photo with an adjustable crop box. Pointer: drag on the photo to draw a box, drag
// the box to move it, drag its corner to resize; the search re-runs on release. Keyboard: arrows
// move the box, Shift+arrows resize it, Enter searches the box, Escape goes back to the whole photo.
import { useEffect, useRef, useState } from 'preact/hooks';
import { type Crop, cropBetween, FULL, isFull, moveCrop, resizeCrop } from '../lib/crop.ts';

const STEP = 0.05;
const START_BOX: Crop = { x: 0.15, y: 0.15, width: 0.7, height: 0.7 };
/** A click without a drag (less than this far) draws nothing. */
const CLICK = 0.03;
/** The photo is shown at most this tall, whatever its shape. */
const MAX_HEIGHT = 160;
const WIDTH = 120;

interface Props {
  photo: string;
  crop?: Crop;
  disabled?: boolean;
  onChange: (crop: Crop | null) => void;
}

const pct = (v: number) => `${(v * 100).toFixed(2)}%`;

type Drag = { mode: 'draw' | 'move' | 'resize'; x: number; y: number; start: Crop; moved: boolean };

export function CropBox({ photo, crop, disabled = false, onChange }: Props) {
  const frame = useRef<HTMLDivElement>(null);
  const [box, setBox] = useState<Crop>(crop ?? FULL);
  const [drag, setDrag] = useState<Drag>();
  const [aspect, setAspect] = useState(3 / 4);
  useEffect(() => setBox(crop ?? FULL), [crop?.x, crop?.y, crop?.width, crop?.height]);

  const commit = (next: Crop) => onChange(isFull(next) ? null : next);
  const point = (event: PointerEvent) => {
    const rect = (frame.current as HTMLDivElement).getBoundingClientRect();
    return { x: (event.clientX - rect.left) / rect.width, y: (event.clientY - rect.top) / rect.height };
  };
  const start = (mode: Drag['mode']) => (event: PointerEvent) => {
    if (disabled || event.button !== 0) return;
    event.stopPropagation();
    event.preventDefault();
    (frame.current as HTMLDivElement).setPointerCapture(event.pointerId);
    const p = point(event);
    setDrag({ mode, ...p, start: box, moved: false });
  };
  const move = (event: PointerEvent) => {
    if (!drag) return;
    const p = point(event);
    if (!drag.moved && Math.hypot(p.x - drag.x, p.y - drag.y) < CLICK) return;
    if (!drag.moved) setDrag({ ...drag, moved: true });
    if (drag.mode === 'draw') setBox(cropBetween(drag.x, drag.y, p.x, p.y));
    else if (drag.mode === 'move') setBox(moveCrop(drag.start, p.x - drag.x, p.y - drag.y));
    else setBox(resizeCrop(drag.start, p.x - drag.x, p.y - drag.y));
  };
  const end = () => {
    if (!drag) return;
    setDrag(undefined);
    if (drag.moved) commit(box);
  };
  const onKey = (event: KeyboardEvent) => {
    const d = { ArrowLeft: [-STEP, 0], ArrowRight: [STEP, 0], ArrowUp: [0, -STEP], ArrowDown: [0, STEP] }[event.key];
    if (d) {
      event.preventDefault();
      const [dx, dy] = d;
      if (event.shiftKey) setBox(resizeCrop(box, dx, dy));
      // A box over the whole photo cannot move: the first arrow makes a centred box to move.
      else if (isFull(box)) setBox(START_BOX);
      else setBox(moveCrop(box, dx, dy));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      commit(box);
    } else if (event.key === 'Escape' && !isFull(box)) {
      event.preventDefault();
      setBox(FULL);
      onChange(null);
    }
  };
  const height = Math.min(MAX_HEIGHT, WIDTH / aspect);
  return (
    <div
      ref={frame}
      class="crop-frame"
      style={{ width: `${height * aspect}px`, height: `${height}px` }}
      onPointerDown={start('draw')}
      onPointerMove={move}
      onPointerUp={end}
      onPointerCancel={end}
    >
      <img src={photo} alt="What you searched" onLoad={(e) => setAspect(e.currentTarget.naturalWidth / e.currentTarget.naturalHeight || 3 / 4)} />
      {!isFull(box) && <Shade box={box} />}
      {/* biome-ignore lint/a11y/useSemanticElements: a movable box has no native element; role="group" names it and its keys. */}
      <div
        class={isFull(box) ? 'crop-box whole' : 'crop-box'}
        style={{ left: pct(box.x), top: pct(box.y), width: pct(box.width), height: pct(box.height) }}
        tabIndex={disabled ? -1 : 0}
        role="group"
        aria-label={`Search area: ${Math.round(box.width * 100)}% by ${Math.round(box.height * 100)}% of the photo. Arrow keys move it (the first makes a smaller box), Shift and arrows resize it, Enter searches it, Escape uses the whole photo.`}
        onPointerDown={start(isFull(box) ? 'draw' : 'move')}
        onKeyDown={onKey}
        data-crop={JSON.stringify(box)}
      >
        <span class="crop-handle" aria-hidden="true" onPointerDown={start('resize')} />
      </div>
    </div>
  );
}

/** Dims the photo outside the box: four strips around it. */
function Shade({ box }: { box: Crop }) {
  const strips = [
    { left: '0', top: '0', width: '100%', height: pct(box.y) },
    { left: '0', top: pct(box.y + box.height), width: '100%', height: pct(1 - box.y - box.height) },
    { left: '0', top: pct(box.y), width: pct(box.x), height: pct(box.height) },
    { left: pct(box.x + box.width), top: pct(box.y), width: pct(1 - box.x - box.width), height: pct(box.height) },
  ];
  return (
    <>
      {strips.map((style) => (
        <span key={`${style.left}${style.top}`} class="crop-shade" style={style} />
      ))}
    </>
  );
}
