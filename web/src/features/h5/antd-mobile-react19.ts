import { unstableSetRender } from 'antd-mobile';
import { createRoot, type Root } from 'react-dom/client';

/**
 * antd-mobile's imperative APIs (Toast, Dialog.show, ImageViewer.show) render with ReactDOM.render, which React 19
 * removed; hand them createRoot instead, as antd-mobile's "v5 for React 19" guide describes.
 */
unstableSetRender((node, container) => {
  const host = container as (Element | DocumentFragment) & { _rpRoot?: Root };
  host._rpRoot ??= createRoot(host);
  const root = host._rpRoot;
  root.render(node);
  return async () => {
    await new Promise((r) => setTimeout(r, 0));
    root.unmount();
    host._rpRoot = undefined;
  };
});
