// The widget's styles, inside its shadow root: the host page's CSS cannot reach them, and they
// cannot leak out. The accent colour comes from the channel's settings as --accent.
export const styles = `
:host { all: initial; }
* { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.root { all: initial; position: fixed; bottom: 20px; z-index: 2147483000; font-size: 14px; line-height: 1.4; color: #1f2933; }
.root.right { right: 20px; } .root.left { left: 20px; }
button { font: inherit; cursor: pointer; }
button:focus-visible, textarea:focus-visible, input:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.launcher { width: 56px; height: 56px; border-radius: 50%; border: none; background: var(--accent); color: #fff;
  box-shadow: 0 6px 20px rgba(0,0,0,.2); display: grid; place-items: center; position: relative; }
.launcher svg { width: 26px; height: 26px; }
.badge { position: absolute; top: -4px; right: -4px; min-width: 20px; height: 20px; border-radius: 10px; background: #e03131;
  color: #fff; font-size: 12px; display: grid; place-items: center; padding: 0 5px; }
.panel { position: absolute; bottom: 72px; width: 360px; max-width: calc(100vw - 40px); height: 520px; max-height: calc(100vh - 110px);
  background: #fff; border-radius: 14px; box-shadow: 0 12px 40px rgba(0,0,0,.22); display: flex; flex-direction: column; overflow: hidden; }
.right .panel { right: 0; } .left .panel { left: 0; }
.header { background: var(--accent); color: #fff; padding: 14px 16px; display: flex; align-items: center; gap: 10px; }
.header .titles { flex: 1; min-width: 0; }
.header h2 { margin: 0; font-size: 16px; font-weight: 600; }
.header p { margin: 2px 0 0; font-size: 12px; opacity: .9; display: flex; align-items: center; gap: 6px; }
.dot { width: 8px; height: 8px; border-radius: 50%; background: #adb5bd; display: inline-block; }
.dot.on { background: #51cf66; }
.close { background: transparent; border: none; color: #fff; font-size: 22px; line-height: 1; padding: 4px 8px; border-radius: 6px; }
.notice { margin: 10px 12px 0; padding: 8px 10px; border-radius: 8px; background: #fff4e6; color: #873800; font-size: 13px; }
.notice.info { background: #e7f5ff; color: #1864ab; }
.notice form { display: flex; gap: 6px; margin-top: 6px; }
.log { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 6px; background: #f8f9fa; }
.greeting { align-self: flex-start; background: #fff; border: 1px solid #e9ecef; border-radius: 12px; padding: 8px 12px; max-width: 85%; }
.msg { max-width: 80%; padding: 8px 12px; border-radius: 14px; white-space: pre-wrap; word-wrap: break-word; }
.msg.visitor { align-self: flex-end; background: var(--accent); color: #fff; border-bottom-right-radius: 4px; }
.msg.agent { align-self: flex-start; background: #fff; border: 1px solid #e9ecef; border-bottom-left-radius: 4px; }
.msg .author { font-size: 11px; font-weight: 600; color: #495057; margin-bottom: 2px; }
.msg .meta { font-size: 11px; opacity: .8; text-align: right; margin-top: 2px; }
.msg.failed { background: #ffe3e3; color: #c92a2a; }
.msg a { color: inherit; }
.msg img { max-width: 100%; border-radius: 8px; display: block; margin-top: 4px; }
.typing { font-size: 12px; color: #868e96; padding: 0 14px 6px; min-height: 18px; background: #f8f9fa; }
.composer { border-top: 1px solid #e9ecef; padding: 8px; display: flex; gap: 6px; align-items: flex-end; }
.composer textarea { flex: 1; resize: none; border: 1px solid #dee2e6; border-radius: 10px; padding: 8px 10px; font: inherit; max-height: 120px; min-height: 38px; }
.icon { width: 38px; height: 38px; border-radius: 10px; border: 1px solid #dee2e6; background: #fff; color: #495057; display: grid; place-items: center; flex: none; }
.icon svg { width: 18px; height: 18px; }
.send { background: var(--accent); border-color: var(--accent); color: #fff; }
.chips { display: flex; flex-wrap: wrap; gap: 4px; padding: 0 8px; }
.chip { font-size: 12px; background: #f1f3f5; border-radius: 10px; padding: 2px 8px; }
.prechat { padding: 16px; display: flex; flex-direction: column; gap: 10px; flex: 1; overflow-y: auto; }
.prechat label { display: flex; flex-direction: column; gap: 4px; font-size: 13px; font-weight: 500; }
input[type=text], input[type=email] { border: 1px solid #dee2e6; border-radius: 8px; padding: 8px 10px; font: inherit; }
.primary { background: var(--accent); color: #fff; border: none; border-radius: 8px; padding: 9px 14px; font-weight: 600; }
.error { color: #c92a2a; font-size: 12px; }
.csat { align-self: stretch; background: #fff; border: 1px solid #e9ecef; border-radius: 12px; padding: 10px 12px; text-align: center; }
.csat .scores { display: flex; justify-content: center; gap: 6px; margin-top: 6px; }
.csat .scores button { width: 36px; height: 36px; border-radius: 8px; border: 1px solid #dee2e6; background: #fff; font-size: 18px; }
.status-line { align-self: center; font-size: 12px; color: #868e96; }
.conn { font-size: 11px; text-align: center; color: #868e96; padding: 2px; background: #f8f9fa; }
[hidden] { display: none !important; }
`;
