/**
 * The widget's first-load CSS: the host and its theme variables, the launcher, the panel shell,
 * header, message list, composer, status lines, the panes' frames and the focus and motion rules.
 * It lives in the shadow root only (a constructed stylesheet, or a `<style>` with the page's
 * nonce), so nothing leaks in or out, and no `style=` attribute is needed: a strict CSP works. The
 * brand colour arrives as the `--sb-brand` custom property (see themeCss). Each lazy view's rules
 * travel in its chunk (a `css` export, adopted by the chunk loader before the view mounts: see
 * chunk-css.ts): `form-styles.ts`, `chat-views.ts`, the callback form, the article view, the tooltip.
 */
export const WIDGET_CSS: string = `
:host{all:initial!important;position:fixed!important;z-index:2147483000!important;bottom:0!important;right:0!important;width:0!important;height:0!important;
--sb-brand:#1f6f5c;--sb-on-brand:#fff;--sb-accent:#1f6f5c;--sb-left:auto;--sb-right:20px;--sb-y:20px;--sb-origin:bottom right;
--sb-bg:#fff;--sb-ink:#1b1f23;--sb-muted:#5f6b76;--sb-line:#d5dadf;--sb-bubble:#f1f3f5;--sb-surface:#f7f9fa;--sb-danger:#c5221f;--sb-badge-ring:#fff;
--sb-radius:16px;--sb-font:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
*,*::before,*::after{box-sizing:border-box}
.root{font:15px/1.45 var(--sb-font);color:var(--sb-ink);-webkit-font-smoothing:antialiased}
button{font:inherit;cursor:pointer}
:focus-visible{outline:2px solid var(--sb-accent);outline-offset:2px}
.header :focus-visible{outline-color:var(--sb-on-brand)}
.sr-only{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.launcher{position:fixed;left:var(--sb-left);right:var(--sb-right);bottom:var(--sb-y);width:60px;height:60px;border:0;border-radius:30px;
background:var(--sb-brand);color:var(--sb-on-brand);display:flex;align-items:center;justify-content:center;gap:8px;
box-shadow:0 6px 20px rgba(0,0,0,.22),0 2px 6px rgba(0,0,0,.12);transition:transform .18s ease,box-shadow .18s ease}
.launcher[data-label]{width:auto;padding-inline:16px 20px}
.launcher-label{font:600 15px/1 var(--sb-font);white-space:nowrap}
.launcher:hover{transform:scale(1.06);box-shadow:0 8px 26px rgba(0,0,0,.26),0 2px 6px rgba(0,0,0,.14)}
.launcher:active{transform:scale(.96)}
.launcher:focus-visible{outline:3px solid var(--sb-bg);box-shadow:0 0 0 6px var(--sb-accent)}
.launcher svg{flex:none;width:28px;height:28px;transition:transform .2s ease,opacity .2s ease}
.badge{position:absolute;top:-2px;inset-inline-end:-2px;min-width:22px;height:22px;padding:0 6px;border-radius:11px;
background:#d93025;color:#fff;font:600 12px/22px var(--sb-font);text-align:center;box-shadow:0 0 0 2px var(--sb-badge-ring)}
.panel{position:fixed;left:var(--sb-left);right:var(--sb-right);bottom:calc(var(--sb-y) + 72px);width:380px;height:min(640px,calc(100vh - var(--sb-y) - 92px));
display:flex;flex-direction:column;background:var(--sb-bg);color:var(--sb-ink);border-radius:var(--sb-radius);overflow:hidden;
box-shadow:0 12px 48px rgba(0,0,0,.18),0 2px 8px rgba(0,0,0,.08);transform-origin:var(--sb-origin);
animation:sb-open .22s cubic-bezier(.2,.8,.2,1)}
@keyframes sb-open{from{opacity:0;transform:translateY(12px) scale(.96)}to{opacity:1;transform:none}}
.header{display:flex;align-items:flex-start;gap:12px;padding:18px 16px 16px;padding-inline-start:20px;background:var(--sb-brand);color:var(--sb-on-brand)}
.header-text{flex:1;min-width:0}
.title{margin:0;font:600 17px/1.3 var(--sb-font);overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.status{margin:2px 0 0;font-size:13px;display:flex;align-items:center;gap:6px}
.status::before{content:"";width:8px;height:8px;border-radius:50%;background:#7ee2a8}
.status[data-state=connecting]::before,.status[data-state=reconnecting]::before{background:#ffd166}
.status[data-state=failed]::before{background:#ff8a80}
.icon-button{flex:none;width:36px;height:36px;border:0;border-radius:50%;background:transparent;color:inherit;display:grid;place-items:center}
.icon-button:hover{background:rgba(127,127,127,.22)}
.icon-button svg{width:22px;height:22px}
.log{flex:1;overflow-y:auto;padding:16px 16px 8px;display:flex;flex-direction:column;gap:4px;overscroll-behavior:contain}
.greeting{align-self:flex-start;max-width:85%;margin-bottom:8px;padding:12px 14px;border-radius:18px;border-start-start-radius:4px;background:var(--sb-bubble);white-space:pre-wrap;overflow-wrap:anywhere}
.msg{display:flex;flex-direction:column;max-width:82%;margin-top:6px}
.msg.own{align-self:flex-end;align-items:flex-end}
.msg.agent{align-self:flex-start;flex-direction:row;gap:8px;align-items:flex-end}
.avatar{flex:none;width:28px;height:28px;border-radius:50%;background:var(--sb-brand);color:var(--sb-on-brand);display:grid;place-items:center;font:600 13px/1 var(--sb-font);text-transform:uppercase}
.msg-body{display:flex;flex-direction:column;min-width:0}
.author{font-size:12px;color:var(--sb-muted);margin:0 0 2px;margin-inline-start:4px}
.bubble{padding:9px 13px;border-radius:18px;white-space:pre-wrap;overflow-wrap:anywhere;background:var(--sb-bubble)}
.own .bubble{background:var(--sb-brand);color:var(--sb-on-brand);border-end-end-radius:4px}
.agent .bubble{border-end-start-radius:4px}
.bubble a{color:inherit;text-decoration:underline}
.meta{display:flex;gap:6px;align-items:center;margin:3px 4px 0;font-size:11.5px;color:var(--sb-muted)}
.meta[data-status=failed]{color:var(--sb-danger)}
.link-button{border:0;background:none;padding:0;color:var(--sb-accent);font-weight:600;text-decoration:underline;font-size:inherit}
.system{align-self:center;margin:10px 0 4px;font-size:12.5px;color:var(--sb-muted);text-align:center}
.typing{display:flex;align-items:center;gap:8px;min-height:28px;padding:0 20px 4px;font-size:12.5px;color:var(--sb-muted)}
.dots{display:inline-flex;gap:3px}
.dots span{width:6px;height:6px;border-radius:50%;background:currentColor;opacity:.4;animation:sb-dot 1.2s infinite ease-in-out}
.dots span:nth-child(2){animation-delay:.15s}.dots span:nth-child(3){animation-delay:.3s}
@keyframes sb-dot{0%,60%,100%{opacity:.3;transform:none}30%{opacity:1;transform:translateY(-3px)}}
.composer{display:flex;flex-direction:column;border-top:1px solid var(--sb-line);padding:10px 12px 12px;padding-inline-start:16px}
.composer-row{display:flex;align-items:flex-end;gap:8px}
.input{flex:1;min-height:40px;max-height:136px;padding:9px 0;border:0;outline:0;resize:none;background:transparent;color:inherit;font:inherit;font-size:16px;line-height:1.45;overflow-y:auto}
.input::placeholder{color:var(--sb-muted);opacity:1}
.send{flex:none;width:40px;height:40px;border:0;border-radius:50%;background:var(--sb-brand);color:var(--sb-on-brand);display:grid;place-items:center;transition:opacity .15s ease,transform .15s ease}
.send:disabled{opacity:.35;cursor:default}
.send:not(:disabled):hover{transform:scale(1.06)}
.send svg{width:20px;height:20px}
.root[dir=rtl] .send svg{transform:scaleX(-1)}
.counter{align-self:flex-end;font-size:11.5px;color:var(--sb-muted);margin-top:2px}
.counter[data-over]{color:var(--sb-danger)}
.ended{display:flex;flex-direction:column;align-items:center;gap:10px;padding:14px 16px 16px;border-top:1px solid var(--sb-line)}
.primary{border:0;border-radius:999px;padding:10px 18px;background:var(--sb-brand);color:var(--sb-on-brand);font-weight:600}
.primary:hover{filter:brightness(1.08)}
.secondary{border:1px solid var(--sb-line);border-radius:999px;padding:6px 13px;background:var(--sb-bg);color:var(--sb-ink);font-size:13.5px}
.secondary:hover{border-color:var(--sb-accent)}
.queue-line{color:var(--sb-muted);margin-top:2px}
.field-error{margin:0;font-size:12px;color:var(--sb-danger)}
.home-actions{display:flex;justify-content:center;padding:0 16px 12px}
.secondary svg{width:16px;height:16px;vertical-align:-3px;margin-inline-end:6px}
.callback{flex:1;overflow-y:auto;padding:12px 16px 16px;display:flex;flex-direction:column;gap:10px;align-items:flex-start;overscroll-behavior:contain}
.callback p{margin:0}
.callback-title{margin:0;font:600 17px/1.3 var(--sb-font)}
.callback-title:focus{outline:0}
.callback .primary{align-self:stretch}
.help-pane{flex:1;overflow-y:auto;padding:12px 0}
.help-pane>.link-button{margin:0 16px}
@media (max-width:640px){
.panel{inset:0;top:var(--sb-vtop,0px);width:100%;height:var(--sb-vh,100%);border-radius:0;animation-name:sb-open-full}
.root[data-open] .launcher{display:none}
}
@keyframes sb-open-full{from{opacity:0;transform:translateY(24px)}to{opacity:1;transform:none}}
@media (prefers-reduced-motion:reduce){
*,*::before,*::after{animation:none!important;transition:none!important;scroll-behavior:auto!important}
.launcher:hover,.launcher:active,.send:not(:disabled):hover{transform:none}
}
`;

export { themeCss } from './theme.js';
