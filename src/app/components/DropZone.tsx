import { useEffect, useRef, useState, type DragEvent } from 'react';
import { filesFromDataTransfer, filesFromList } from '../files/read-drop';
import { useApp } from '../store';

/** Files and folders by drag-and-drop or pickers; the store sorts them by role. */
export function DropZone() {
  const addFiles = useApp((s) => s.addFiles);
  const notes = useApp((s) => s.dropNotes);
  const [over, setOver] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    // Not in React's attribute types: set it on the element.
    folderInput.current?.setAttribute('webkitdirectory', '');
  }, []);

  const onDrop = async (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    await addFiles(await filesFromDataTransfer(event.dataTransfer));
  };

  return (
    <section className="panel" aria-labelledby="drop-title">
      <h2 id="drop-title">1. Data: drop your files</h2>
      <div
        className={over ? 'dropzone dropzone-over' : 'dropzone'}
        data-testid="dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => void onDrop(e)}
      >
        <p>
          Drop a labeling config (<code>.xml</code>), tasks (<code>.json</code>, <code>.jsonl</code>
          , <code>.csv</code>, <code>.tsv</code>, <code>.txt</code>) or images, and an ONNX model
          (with its class-names file if it has no embedded names). Folders work too.
        </p>
        <div className="row">
          <button type="button" onClick={() => fileInput.current?.click()}>
            Choose files…
          </button>
          <button type="button" onClick={() => folderInput.current?.click()}>
            Choose a folder…
          </button>
        </div>
        <input
          ref={fileInput}
          type="file"
          multiple
          hidden
          data-testid="file-input"
          aria-label="Choose files"
          onChange={(e) => {
            const files = filesFromList(e.currentTarget.files);
            e.currentTarget.value = '';
            void addFiles(files);
          }}
        />
        <input
          ref={folderInput}
          type="file"
          multiple
          hidden
          data-testid="folder-input"
          aria-label="Choose a folder"
          onChange={(e) => {
            const files = filesFromList(e.currentTarget.files);
            e.currentTarget.value = '';
            void addFiles(files);
          }}
        />
      </div>
      {notes.length > 0 && (
        <ul className="notes" data-testid="drop-notes">
          {notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
