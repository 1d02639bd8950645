/**
 * The form fields and chips shared by the pre-chat form (chat-views chunk) and the callback form
 * (its own chunk): adopted with whichever of them arrives first, once.
 */
export const FORM_CSS: string = `
.prechat{display:flex;flex-direction:column;gap:8px;padding:10px 16px 2px;border-top:1px solid var(--sb-line);font-size:13.5px}
.field{display:flex;flex-direction:column;gap:3px}
.field-label{font-weight:600;font-size:12.5px;color:var(--sb-muted)}
input,select,textarea{font-size:16px}
.field-input{padding:7px 10px;border:1px solid var(--sb-line);border-radius:8px;font:inherit;font-size:16px;color:inherit;background:var(--sb-bg)}
.field-input:focus{outline:2px solid var(--sb-accent);outline-offset:-1px}
.field-input[aria-invalid=true],.chips[aria-invalid=true] .chip span{border-color:var(--sb-danger)}
.chips{display:flex;flex-wrap:wrap;gap:6px}
.chip{position:relative}
.chip input{position:absolute;opacity:0;width:1px;height:1px;margin:0}
.chip span{display:inline-block;padding:5px 12px;border:1px solid var(--sb-line);border-radius:999px;cursor:pointer}
.chip input:checked+span{background:var(--sb-brand);border-color:var(--sb-brand);color:var(--sb-on-brand)}
.chip input:focus-visible+span{outline:2px solid var(--sb-accent);outline-offset:2px}
.prechat+.composer{border-top:0}
`;
