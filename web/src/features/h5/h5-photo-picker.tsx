import { CameraOutlined, CloseOutlined, ReloadOutlined } from '@ant-design/icons';
import { LIMITS } from '@rp/contract';
import { ImageViewer, ProgressBar } from 'antd-mobile';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, upload } from '../../app/api';
import type { Uploaded } from '../issues/issue-types';
import { MAX_PHOTOS } from '../issues/photo-upload';

interface Pending {
  key: string;
  file: File;
  preview: string;
  percent: number;
  error?: string;
}

/**
 * Phone photos are often several megabytes; a weak mobile connection copes better with a 1600 px JPEG. Small
 * files and GIFs are sent as they are, and anything the browser cannot redraw too.
 */
async function shrink(file: File): Promise<File> {
  if (file.size < 700_000 || file.type === 'image/gif' || typeof createImageBitmap !== 'function') return file;
  try {
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    const scale = Math.min(1, 1600 / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/jpeg', 0.85));
    if (!blob || blob.size >= file.size) return file;
    return new File([blob], `${file.name.replace(/\.\w+$/, '')}.jpg`, { type: 'image/jpeg' });
  } catch {
    return file;
  }
}

/**
 * Photos from the camera (`capture="environment"`), each uploaded at once through POST /uploads with its progress;
 * the uploaded ones are the value (so a draft keeps them), a failed one can be retried or removed.
 */
export function H5PhotoPicker({
  value,
  onChange,
  label,
  testId,
}: {
  value: Uploaded[];
  onChange: (v: Uploaded[]) => void;
  label: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  const inputId = useId();
  const [pending, setPending] = useState<Pending[]>([]);
  const [viewer, setViewer] = useState<number | null>(null);
  const latest = useRef(value);
  latest.current = value;
  const count = value.length + pending.length;

  const previews = useRef<string[]>([]);
  useEffect(
    () => () => {
      for (const u of previews.current) URL.revokeObjectURL(u);
    },
    [],
  );

  const send = async (p: Pending) => {
    setPending((list) => list.map((x) => (x.key === p.key ? { ...x, percent: 0, error: undefined } : x)));
    try {
      const file = await shrink(p.file);
      const res = await upload<Uploaded>('/api/v1/uploads', file, {
        onProgress: (percent) => setPending((list) => list.map((x) => (x.key === p.key ? { ...x, percent } : x))),
      });
      setPending((list) => list.filter((x) => x.key !== p.key));
      onChange([...latest.current, { id: res.id, url: res.url }]);
    } catch (e) {
      const error = e instanceof ApiError ? e.problem.title : t('common.networkError');
      setPending((list) => list.map((x) => (x.key === p.key ? { ...x, error } : x)));
    }
  };

  const pick = (files: FileList | null) => {
    const room = MAX_PHOTOS - count;
    const added: Pending[] = [];
    for (const file of Array.from(files ?? []).slice(0, Math.max(0, room))) {
      const p: Pending = {
        key: `${Date.now()}-${Math.random()}`,
        file,
        preview: URL.createObjectURL(file),
        percent: 0,
      };
      previews.current.push(p.preview);
      if (file.size > LIMITS.uploadBytes) p.error = t('issues.photoTooLarge', { mb: LIMITS.uploadBytes / 1024 / 1024 });
      added.push(p);
    }
    setPending((list) => [...list, ...added]);
    for (const p of added) if (!p.error) void send(p);
  };

  return (
    <div data-testid={testId}>
      <div className="rp-photo-grid">
        {value.map((u, i) => (
          <div className="rp-photo-tile" key={u.id} data-testid="h5-photo">
            <button
              type="button"
              style={{ all: 'unset', display: 'block', width: '100%', height: '100%', cursor: 'zoom-in' }}
              onClick={() => setViewer(i)}
              aria-label={t('issues.photoAlt', { what: label, n: i + 1 })}
            >
              <img src={u.url} alt="" />
            </button>
            <button
              type="button"
              className="rp-photo-remove"
              aria-label={t('issues.h5.removePhoto', { n: i + 1 })}
              onClick={() => onChange(value.filter((x) => x.id !== u.id))}
            >
              <CloseOutlined aria-hidden />
            </button>
          </div>
        ))}
        {pending.map((p) => (
          <div className="rp-photo-tile" key={p.key} aria-busy={!p.error}>
            <img src={p.preview} alt="" />
            <div className="rp-photo-state" role="status">
              {p.error ? (
                <span>{p.error}</span>
              ) : (
                <>
                  <span className="rp-visually-hidden">{t('issues.h5.uploading', { percent: p.percent })}</span>
                  <ProgressBar percent={p.percent} style={{ '--fill-color': '#fff' } as React.CSSProperties} />
                </>
              )}
            </div>
            {p.error ? (
              <>
                <button
                  type="button"
                  className="rp-photo-remove"
                  style={{ right: 40 }}
                  aria-label={t('common.retry')}
                  onClick={() => void send(p)}
                >
                  <ReloadOutlined aria-hidden />
                </button>
                <button
                  type="button"
                  className="rp-photo-remove"
                  aria-label={t('issues.h5.removePhoto', { n: value.length + 1 })}
                  onClick={() => setPending((list) => list.filter((x) => x.key !== p.key))}
                >
                  <CloseOutlined aria-hidden />
                </button>
              </>
            ) : null}
          </div>
        ))}
        {count < MAX_PHOTOS ? (
          <label className="rp-photo-add" htmlFor={inputId} style={{ position: 'relative' }}>
            <CameraOutlined aria-hidden />
            <span>{t('issues.h5.takePhoto')}</span>
            <input
              id={inputId}
              type="file"
              accept="image/*"
              capture="environment"
              multiple
              data-testid="h5-photo-input"
              onChange={(e) => {
                pick(e.target.files);
                e.target.value = '';
              }}
            />
          </label>
        ) : null}
      </div>
      <div className="rp-h5-hint">{t('issues.h5.photoHint', { max: MAX_PHOTOS })}</div>
      <ImageViewer.Multi
        images={value.map((u) => u.url)}
        visible={viewer !== null}
        defaultIndex={viewer ?? 0}
        onClose={() => setViewer(null)}
      />
    </div>
  );
}
