/** The web chat's look: Telegram-like, phone width, no external fonts or images. */
export const STYLES = `
* { box-sizing: border-box; }
[hidden] { display: none !important; }
html, body { margin: 0; height: 100%; }
body { font: 15px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
  background: #c8d3dc; color: #000; }
button { font: inherit; cursor: pointer; }
.app { max-width: 480px; height: 100%; margin: 0 auto; display: flex; flex-direction: column;
  background: #dfe7ee; box-shadow: 0 0 24px rgba(0,0,0,.15); position: relative; }
header { display: flex; align-items: center; gap: 8px; padding: 8px 10px; background: #517da2; color: #fff; }
header .avatar { width: 36px; height: 36px; border-radius: 50%; background: #7bc862; display: grid;
  place-items: center; font-weight: 600; flex: none; }
header .title { flex: 1; min-width: 0; display: flex; flex-direction: column; }
header .title b { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
header small { opacity: .85; font-size: 12px; }
header small.offline { color: #ffd0d0; }
header select { max-width: 150px; border-radius: 6px; border: 0; padding: 4px; }
header button { background: transparent; border: 0; color: #fff; font-size: 20px; padding: 2px 6px; }
.panel { background: #fff; padding: 10px; border-bottom: 1px solid #ccd; display: grid; gap: 8px; }
.panel form { display: grid; gap: 6px; }
.panel input, .panel select, dialog input { padding: 6px 8px; border: 1px solid #bcc; border-radius: 6px;
  width: 100%; }
.actions { display: flex; gap: 6px; flex-wrap: wrap; justify-content: flex-end; }
.actions button { border: 1px solid #9bb; background: #f4f8fb; border-radius: 6px; padding: 4px 10px; }
.actions .primary { background: #3a8ed0; border-color: #3a8ed0; color: #fff; }
.banner { background: #fff3cd; padding: 8px 10px; font-size: 14px; }
main { flex: 1; overflow-y: auto; padding: 10px 8px; display: flex; flex-direction: column; gap: 6px; }
.empty { display: none; text-align: center; color: #567; padding: 24px; }
body.no-user .empty { display: block; }
body.no-user main, body.no-user footer { display: none; }
.message { display: flex; flex-direction: column; max-width: 85%; }
.message.bot { align-self: flex-start; }
.message.user { align-self: flex-end; align-items: flex-end; }
.bubble { background: #fff; border-radius: 12px 12px 12px 4px; padding: 6px 9px 4px; position: relative;
  box-shadow: 0 1px 1px rgba(0,0,0,.12); overflow-wrap: anywhere; }
.user .bubble { background: #effdde; border-radius: 12px 12px 4px 12px; }
.text { white-space: pre-wrap; }
.meta { display: block; text-align: right; font-size: 11px; color: #8a9aa8; margin-top: 2px; }
.bubble pre { background: #f1f3f5; padding: 6px; border-radius: 6px; white-space: pre-wrap; margin: 4px 0; }
.bubble code { background: #f1f3f5; padding: 0 3px; border-radius: 4px; }
.bubble blockquote { margin: 4px 0; padding-left: 8px; border-left: 3px solid #3a8ed0; }
.spoiler { background: #9aa; color: transparent; border-radius: 3px; cursor: pointer; }
.spoiler.revealed { background: transparent; color: inherit; }
.photo { max-width: 100%; border-radius: 8px; display: block; margin-bottom: 4px; }
.document { display: flex; gap: 8px; align-items: center; text-decoration: none; color: #2a6fa8;
  margin-bottom: 4px; }
.doc-icon { font-size: 28px; }
.doc-name { display: block; font-weight: 600; }
.document small { color: #789; }
.location { background: #eef3f7; border-radius: 8px; padding: 6px 8px; margin-bottom: 4px; }
.coords { font-family: ui-monospace, monospace; }
.inline-keyboard { display: grid; gap: 3px; margin-top: 3px; width: 100%; min-width: 200px; }
.inline-row { display: flex; gap: 3px; }
.inline { flex: 1; border: 0; border-radius: 8px; padding: 7px 6px; background: rgba(70,100,130,.45);
  color: #fff; font-weight: 500; }
.inline.busy { opacity: .55; }
.keyboard { background: #f0f2f4; padding: 5px; display: grid; gap: 5px; border-top: 1px solid #ccd; }
.reply-row { display: flex; gap: 5px; }
.reply { flex: 1; background: #fff; border: 0; border-radius: 8px; padding: 10px 6px;
  box-shadow: 0 1px 1px rgba(0,0,0,.15); }
button[data-testid="share-contact"] { background: #e3f1fc; font-weight: 600; }
.commands { background: #fff; border-top: 1px solid #ccd; max-height: 40%; overflow-y: auto; }
.command { display: block; width: 100%; text-align: left; padding: 8px 12px; border: 0; background: #fff; }
.command:hover { background: #eef4fa; }
footer { display: flex; gap: 6px; padding: 6px; background: #fff; border-top: 1px solid #ccd; }
footer input { flex: 1; border: 0; padding: 8px; font: inherit; outline: none; }
footer button { border: 0; background: transparent; color: #3a8ed0; font-size: 20px; padding: 0 6px; }
.toast { position: fixed; left: 50%; top: 70px; transform: translateX(-50%); background: rgba(0,0,0,.78);
  color: #fff; padding: 8px 14px; border-radius: 8px; opacity: 0; pointer-events: none;
  transition: opacity .2s; max-width: 90%; }
.toast.shown { opacity: 1; }
dialog { border: 0; border-radius: 12px; padding: 16px; max-width: 360px; width: 90%; }
dialog form { display: grid; gap: 8px; }
dialog label { display: grid; gap: 4px; }
dialog label.check { display: flex; align-items: center; gap: 6px; }
dialog label.check input { width: auto; }
#alert-ok { float: right; border: 0; background: #3a8ed0; color: #fff; border-radius: 6px;
  padding: 4px 14px; }
.sms { background: #fffbe6; border-bottom: 1px solid #eadfa8; padding: 6px 12px; font-size: 13px; }
.sms-title { color: #7a6a20; font-weight: 600; margin-bottom: 2px; }
.sms-item { white-space: pre-wrap; }
dialog small { color: #777; }
.service { align-self: center; background: rgba(0,0,0,.22); color: #fff; border-radius: 10px;
  padding: 2px 10px; font-size: 13px; }
.sender { color: #2a6fa8; font-weight: 600; font-size: 13px; }
.forwarded { color: #2a6fa8; font-size: 13px; font-style: italic; }
.file-button { border: 1px solid #9bb; background: #f4f8fb; border-radius: 6px; padding: 4px 10px;
  cursor: pointer; }
.topics { display: flex; gap: 4px; overflow-x: auto; padding: 6px; background: #fff;
  border-bottom: 1px solid #ccd; }
.topic { border: 1px solid #bcd; background: #f4f8fb; border-radius: 14px; padding: 3px 10px;
  white-space: nowrap; }
.topic.current { background: #3a8ed0; border-color: #3a8ed0; color: #fff; }
.topic.closed { opacity: .6; }
footer label { color: #3a8ed0; font-size: 20px; padding: 0 6px; cursor: pointer; align-self: center; }
`;
