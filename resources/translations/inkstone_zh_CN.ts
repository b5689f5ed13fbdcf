<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AttachmentChip</name>
    <message>
        <source>Remove {0} from the message</source>
        <translation>从消息中移除 {0}</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>{0:,} tokens</source>
        <translation>{0:,} 个词元</translation>
    </message>
    <message>
        <source>about {0:,} tokens</source>
        <translation>约 {0:,} 个词元</translation>
    </message>
    <message>
        <source>{0} · {1}</source>
        <translation>{0} · {1}</translation>
    </message>
    <message>
        <source>{0}: {1:,} characters, sent with your message</source>
        <translation>{0}：{1:,} 个字符，随消息一起发送</translation>
    </message>
    <message>
        <source>Longer than the model's context window ({0:,} tokens): the model will not read all of it.</source>
        <translation>超出模型的上下文窗口（{0:,} 个词元）：模型无法读完全部内容。</translation>
    </message>
</context>
<context>
    <name>CatalogueView</name>
    <message>
        <source>Recommended models for chat, translation and drafting. The fit is estimated for a context of {0:,} tokens; hover over it for the figures.</source>
        <translation>适合对话、翻译和起草的推荐模型。“适配”按 {0:,} token 的上下文估算；将鼠标悬停其上可查看具体数字。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>Download size</source>
        <translation>下载大小</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>许可证</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Good for</source>
        <translation>适用于</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适配</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>&amp;Download</source>
        <translation>下载(&amp;D)</translation>
    </message>
    <message>
        <source>Download the selected model (Enter)</source>
        <translation>下载所选模型 (Enter)</translation>
    </message>
    <message>
        <source>The catalogue could not be read: {0}</source>
        <translation>无法读取模型目录：{0}</translation>
    </message>
    <message>
        <source> +{0}</source>
        <translation> 等 {0} 种</translation>
    </message>
    <message>
        <source>Gated: accept its licence on Hugging Face and log in before downloading.</source>
        <translation>受限模型：下载前请先在 Hugging Face 上接受其许可证并登录。</translation>
    </message>
    <message>
        <source>Installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <source>chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>translation</source>
        <translation>翻译</translation>
    </message>
    <message>
        <source>drafting</source>
        <translation>起草</translation>
    </message>
    <message>
        <source>document search</source>
        <translation>文档搜索</translation>
    </message>
    <message>
        <source>(Gated: accept its licence on Hugging Face and log in first.)</source>
        <translation>（受限模型：请先在 Hugging Face 上接受其许可证并登录。）</translation>
    </message>
</context>
<context>
    <name>ChatDocumentsControl</name>
    <message>
        <source>Documents</source>
        <translation>文档</translation>
    </message>
    <message numerus="yes">
        <source>Documents (%n)</source>
        <translation><numerusform>文档（%n）</numerusform>
        </translation>
    </message>
    <message>
        <source>Answer from your documents: choose the collections this conversation searches</source>
        <translation>根据你的文档回答：选择本对话要搜索的文档集</translation>
    </message>
    <message numerus="yes">
        <source>Answers search %n document collection(s) and cite them</source>
        <translation><numerusform>回答会搜索 %n 个文档集并注明出处</numerusform>
        </translation>
    </message>
    <message>
        <source>No documents added yet</source>
        <translation>尚未添加文档</translation>
    </message>
    <message>
        <source>Add or manage documents…</source>
        <translation>添加或管理文档…</translation>
    </message>
    <message>
        <source>Sources:</source>
        <translation>来源：</translation>
    </message>
</context>
<context>
    <name>ChatFiles</name>
    <message>
        <source>Attach a file's text to the message (or drop the file here)</source>
        <translation>把文件的文字附加到消息中（也可以把文件拖到这里）</translation>
    </message>
    <message>
        <source>Attach a file</source>
        <translation>附加文件</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>附加文件</translation>
    </message>
    <message>
        <source>Text and documents ({0});;All files (*)</source>
        <translation>文本和文档 ({0});;所有文件 (*)</translation>
    </message>
    <message>
        <source>{0} cannot be attached: {1}.</source>
        <translation>无法附加 {0}：{1}。</translation>
    </message>
</context>
<context>
    <name>ChatPage</name>
    <message>
        <source>Code copied.</source>
        <translation>代码已复制。</translation>
    </message>
    <message>
        <source>Wait for the answer to finish, or stop it first.</source>
        <translation>请等待回答完成，或先停止它。</translation>
    </message>
    <message>
        <source>No model is loaded yet. Wait for it to load, or choose one with File › Open model…</source>
        <translation>尚未加载模型。请等待加载完成，或通过“文件 › 打开模型…”选择一个。</translation>
    </message>
    <message>
        <source>{0:.1f} tok/s</source>
        <translation>{0:.1f} token/秒</translation>
    </message>
    <message>
        <source>{0:.1f} tok/s · {1} tokens · first token {2:.2f} s</source>
        <translation>{0:.1f} token/秒 · {1} 个 token · 首个 token {2:.2f} 秒</translation>
    </message>
    <message>
        <source>Stop the answer before deleting this conversation.</source>
        <translation>请先停止回答，再删除此对话。</translation>
    </message>
    <message>
        <source>Editing your message: sending it adds a new version and keeps the old one.</source>
        <translation>正在编辑你的消息：发送后会添加新版本，并保留旧版本。</translation>
    </message>
    <message>
        <source>Cancel Editing</source>
        <translation>取消编辑</translation>
    </message>
    <message>
        <source>Message deleted.</source>
        <translation>消息已删除。</translation>
    </message>
    <message>
        <source>{0} messages deleted.</source>
        <translation>已删除 {0} 条消息。</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>{0} (fork)</source>
        <translation>{0}（分支）</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>对话</translation>
    </message>
</context>
<context>
    <name>ChatSettingsBar</name>
    <message>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>The system prompt of this conversation</source>
        <translation>本对话的系统提示词</translation>
    </message>
    <message>
        <source>Chat settings</source>
        <translation>对话设置</translation>
    </message>
    <message>
        <source>Edit &amp;Presets…</source>
        <translation>编辑预设(&amp;P)…</translation>
    </message>
    <message>
        <source>Default system prompt</source>
        <translation>默认系统提示词</translation>
    </message>
    <message>
        <source>Edit presets…</source>
        <translation>编辑预设…</translation>
    </message>
    <message>
        <source>temperature {0:g}</source>
        <translation>温度 {0:g}</translation>
    </message>
    <message>
        <source>answers up to {0} tokens</source>
        <translation>回答最多 {0} 个词元</translation>
    </message>
    <message>
        <source>This chat's settings: {0}</source>
        <translation>本对话的设置：{0}</translation>
    </message>
    <message>
        <source>This chat's temperature and answer length (now the model's own)</source>
        <translation>本对话的温度和回答长度（当前使用模型自身的设置）</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Ask anything… (Enter to send, Shift+Enter for a new line)</source>
        <translation>输入任何问题…（Enter 发送，Shift+Enter 换行）</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
</context>
<context>
    <name>ComposerBox</name>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Send (Enter)</source>
        <translation>发送（Enter）</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop the answer (Esc)</source>
        <translation>停止回答（Esc）</translation>
    </message>
    <message>
        <source>An answer is being written. Press Esc (or the Stop button) to stop it, or wait for it to finish; your message stays here.</source>
        <translation>正在生成回答。按 Esc（或停止按钮）停止，或等待它完成；你的消息会保留在这里。</translation>
    </message>
</context>
<context>
    <name>ContextMeter</name>
    <message>
        <source>Context window used</source>
        <translation>已用的上下文窗口</translation>
    </message>
    <message>
        <source>Reading the conversation… {0} %</source>
        <translation>正在读取对话… {0} %</translation>
    </message>
    <message>
        <source>{0} / {1} tokens</source>
        <translation>{0} / {1} 个词元</translation>
    </message>
    <message>
        <source>How much of the model's context window this conversation takes</source>
        <translation>此对话占用了模型上下文窗口的多少</translation>
    </message>
    <message>
        <source>Your message was too long for the model's context window: its first {0} characters were left out.</source>
        <translation>您的消息超出了模型的上下文窗口：其开头的 {0} 个字符未被发送。</translation>
    </message>
    <message>
        <source>{0} older messages are outside the model's view.</source>
        <translation>较早的 {0} 条消息已不在模型的视野内。</translation>
    </message>
</context>
<context>
    <name>ConversationListModel</name>
    <message>
        <source>Untitled</source>
        <translation>无标题</translation>
    </message>
    <message>
        <source>{0}
Last active {1}</source>
        <translation>{0}
最近活动于 {1}</translation>
    </message>
    <message>
        <source>Pinned</source>
        <translation>已置顶</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <source>Previous 7 days</source>
        <translation>过去 7 天</translation>
    </message>
    <message>
        <source>Older</source>
        <translation>更早</translation>
    </message>
</context>
<context>
    <name>ConversationSidebar</name>
    <message>
        <source>New chat</source>
        <translation>新建对话</translation>
    </message>
    <message>
        <source>Start a new conversation (Ctrl+N)</source>
        <translation>开始新的对话 (Ctrl+N)</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Pin</source>
        <translation>置顶</translation>
    </message>
    <message>
        <source>Rename conversation</source>
        <translation>重命名对话</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <source>Delete conversation</source>
        <translation>删除对话</translation>
    </message>
    <message>
        <source>Delete “{0}” and all its messages? This cannot be undone.</source>
        <translation>删除“{0}”及其全部消息？此操作无法撤销。</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>取消置顶</translation>
    </message>
</context>
<context>
    <name>CrashNotice</name>
    <message>
        <source>Inkstone closed unexpectedly</source>
        <translation>Inkstone 意外关闭</translation>
    </message>
    <message>
        <source>Inkstone stopped unexpectedly on {0}.</source>
        <translation>Inkstone 于 {0} 意外停止。</translation>
    </message>
    <message>
        <source>Its crash report was saved as {0}. Show Details displays it; Copy Diagnostics puts it on the clipboard with everything else a bug report needs.</source>
        <translation>崩溃报告已保存为 {0}。“显示详细信息”可查看它；“复制诊断信息”会把它连同错误报告所需的其他信息一起复制到剪贴板。</translation>
    </message>
    <message>
        <source>Copy Diagnostics</source>
        <translation>复制诊断信息</translation>
    </message>
</context>
<context>
    <name>DeferredDeletes</name>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
</context>
<context>
    <name>DocumentsPage</name>
    <message>
        <source>Embedding &amp;Model…</source>
        <translation>嵌入模型(&amp;M)…</translation>
    </message>
    <message>
        <source>The model that reads your documents for search (a GGUF embedding model; Models › Catalogue recommends some). Changing it indexes everything again.</source>
        <translation>为搜索而阅读文档的模型（GGUF 嵌入模型；“模型 › 目录”中有推荐）。更换后会重新索引全部文档。</translation>
    </message>
    <message>
        <source>Search your documents</source>
        <translation>搜索你的文档</translation>
    </message>
    <message>
        <source>Ask a question about your documents</source>
        <translation>就你的文档提问</translation>
    </message>
    <message>
        <source>&amp;Ask</source>
        <translation>提问(&amp;A)</translation>
    </message>
    <message>
        <source>Could not add: {0}</source>
        <translation>无法添加：{0}</translation>
    </message>
    <message>
        <source>Embedding model: {0}</source>
        <translation>嵌入模型：{0}</translation>
    </message>
    <message>
        <source>Choose an embedding model</source>
        <translation>选择嵌入模型</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF 模型 (*.gguf)</translation>
    </message>
    <message>
        <source>Add documents</source>
        <translation>添加文档</translation>
    </message>
    <message>
        <source>Documents (*.txt *.md *.markdown *.pdf *.docx *.html *.htm);;All files (*)</source>
        <translation>文档 (*.txt *.md *.markdown *.pdf *.docx *.html *.htm);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Add a folder of documents</source>
        <translation>添加文档文件夹</translation>
    </message>
    <message>
        <source>No passage matches.</source>
        <translation>没有匹配的段落。</translation>
    </message>
    <message>
        <source>Search failed: {0}</source>
        <translation>搜索失败：{0}</translation>
    </message>
    <message>
        <source>Load a model first (File › Open Model…).</source>
        <translation>请先加载模型（文件 › 打开模型…）。</translation>
    </message>
    <message>
        <source>Searching your documents…</source>
        <translation>正在搜索你的文档…</translation>
    </message>
    <message>
        <source>The answer failed: {0}</source>
        <translation>回答失败：{0}</translation>
    </message>
    <message>
        <source>Sources:</source>
        <translation>来源：</translation>
    </message>
    <message>
        <source>Passages the answer was written from:</source>
        <translation>回答所依据的段落：</translation>
    </message>
</context>
<context>
    <name>DownloadRow</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop the download; what has arrived is kept, so it can resume later</source>
        <translation>停止下载；已下载的部分会保留，之后可以继续</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <source>Delete the part downloaded so far</source>
        <translation>删除已下载的部分</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Remove this line from the list</source>
        <translation>从列表中移除此行</translation>
    </message>
</context>
<context>
    <name>Downloads</name>
    <message>
        <source>time left unknown</source>
        <translation>剩余时间未知</translation>
    </message>
    <message>
        <source>{0} s left</source>
        <translation>剩余 {0} 秒</translation>
    </message>
    <message>
        <source>{0} min {1} s left</source>
        <translation>剩余 {0} 分 {1} 秒</translation>
    </message>
    <message>
        <source>{0} h {1} min left</source>
        <translation>剩余 {0} 小时 {1} 分</translation>
    </message>
</context>
<context>
    <name>DownloadsView</name>
    <message>
        <source>No downloads. Choose a model in the Catalogue or Search the Hub tab.</source>
        <translation>没有下载任务。请在“模型目录”或“搜索 Hub”标签页中选择模型。</translation>
    </message>
    <message>
        <source>Clear &amp;Finished</source>
        <translation>清除已完成(&amp;F)</translation>
    </message>
    <message>
        <source>Incomplete: {0} of {1}, left by an earlier session</source>
        <translation>未完成：{0} / {1}，来自上次运行</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>Downloading {0}%</source>
        <translation>正在下载 {0}%</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Waiting for the downloads before it…</source>
        <translation>正在等待前面的下载…</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Downloaded and verified ({0})</source>
        <translation>已下载并校验（{0}）</translation>
    </message>
    <message>
        <source>Downloaded and verified</source>
        <translation>已下载并校验</translation>
    </message>
    <message>
        <source>Paused at {0} of {1}</source>
        <translation>已暂停于 {0} / {1}</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>{0} of {1}</source>
        <translation>{0} / {1}</translation>
    </message>
    <message>
        <source>resumed at {0}</source>
        <translation>从 {0} 处继续</translation>
    </message>
    <message>
        <source>Could not delete {0}: {1}</source>
        <translation>无法删除 {0}：{1}</translation>
    </message>
</context>
<context>
    <name>DraftPage</name>
    <message>
        <source>Draft (Markdown)</source>
        <translation>草稿（Markdown）</translation>
    </message>
    <message>
        <source>Write in Markdown, or generate a draft from a template.</source>
        <translation>用 Markdown 撰写，或根据模板生成草稿。</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <source>Write a draft from the template (Ctrl+Enter)</source>
        <translation>根据模板撰写草稿 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Drafts</source>
        <translation>草稿列表</translation>
    </message>
    <message>
        <source>&amp;New draft</source>
        <translation>新建草稿(&amp;N)</translation>
    </message>
    <message>
        <source>Start an empty draft (Ctrl+N)</source>
        <translation>新建一份空白草稿 (Ctrl+N)</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop; what is written stays (Esc)</source>
        <translation>停止；已写出的内容会保留 (Esc)</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Save the draft as Markdown, HTML, PDF or Word (Ctrl+Shift+E)</source>
        <translation>将草稿保存为 Markdown、HTML、PDF 或 Word (Ctrl+Shift+E)</translation>
    </message>
    <message>
        <source>New draft</source>
        <translation>新建草稿</translation>
    </message>
    <message>
        <source>Delete draft</source>
        <translation>删除草稿</translation>
    </message>
    <message>
        <source>Open file…</source>
        <translation>打开文件…</translation>
    </message>
    <message>
        <source>Open a text or Markdown file as a new draft (Ctrl+O)</source>
        <translation>将文本或 Markdown 文件作为新草稿打开 (Ctrl+O)</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>Long form</source>
        <translation>长文</translation>
    </message>
    <message>
        <source>Writing tools</source>
        <translation>写作工具</translation>
    </message>
    <message>
        <source>No model is loaded yet. Wait for it to load, or choose one with File › Open Model…</source>
        <translation>尚未加载模型。请等待加载完成，或通过“文件 › 打开模型…”选择一个。</translation>
    </message>
    <message>
        <source>Writing the draft…</source>
        <translation>正在撰写草稿…</translation>
    </message>
    <message>
        <source>The draft is empty: there is nothing to export.</source>
        <translation>草稿为空，没有可导出的内容。</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>HTML (*.html)</source>
        <translation>HTML (*.html)</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Word document (*.docx)</source>
        <translation>Word 文档 (*.docx)</translation>
    </message>
    <message>
        <source>Export the draft</source>
        <translation>导出草稿</translation>
    </message>
    <message>
        <source>Exported to {0}.</source>
        <translation>已导出到 {0}。</translation>
    </message>
    <message>
        <source>The draft could not be saved: {0}</source>
        <translation>无法保存草稿：{0}</translation>
    </message>
    <message>
        <source>Untitled draft</source>
        <translation>无标题草稿</translation>
    </message>
    <message>
        <source>Stop the generation before opening another draft.</source>
        <translation>请先停止生成，再打开其他草稿。</translation>
    </message>
    <message>
        <source>Draft deleted.</source>
        <translation>草稿已删除。</translation>
    </message>
    <message>
        <source>Stop the generation before opening a file.</source>
        <translation>请先停止生成，再打开文件。</translation>
    </message>
    <message>
        <source>Opened {0}.</source>
        <translation>已打开 {0}。</translation>
    </message>
    <message>
        <source>Open a text or Markdown file</source>
        <translation>打开文本或 Markdown 文件</translation>
    </message>
    <message>
        <source>Text and Markdown (*.md *.markdown *.txt *.text);;All files (*)</source>
        <translation>文本和 Markdown (*.md *.markdown *.txt *.text);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Waiting for the model…</source>
        <translation>正在等待模型…</translation>
    </message>
    <message>
        <source>Stopped; the draft so far is kept.</source>
        <translation>已停止；已写出的草稿会保留。</translation>
    </message>
    <message>
        <source>Draft written · tokens: {0} · {1:.1f} s</source>
        <translation>草稿已完成 · token：{0} · {1:.1f} 秒</translation>
    </message>
</context>
<context>
    <name>EncodingChoice</name>
    <message>
        <source>Choose the Encoding</source>
        <translation>选择编码</translation>
    </message>
    <message>
        <source>{0} reads as different text in different encodings. Which one looks right?</source>
        <translation>{0} 在不同编码下读出的文字不同。哪一种看起来正确？</translation>
    </message>
</context>
<context>
    <name>EngineView</name>
    <message>
        <source>This computer: a model file run by llama.cpp</source>
        <translation>本机：由 llama.cpp 运行的模型文件</translation>
    </message>
    <message>
        <source>An OpenAI-compatible server: vLLM, llama-server, Ollama, LM Studio or another Inkstone</source>
        <translation>兼容 OpenAI 的服务器：vLLM、llama-server、Ollama、LM Studio 或另一个 Inkstone</translation>
    </message>
    <message>
        <source>if the server asks for one</source>
        <translation>如果服务器需要</translation>
    </message>
    <message>
        <source>the first model the server lists</source>
        <translation>服务器列出的第一个模型</translation>
    </message>
    <message>
        <source>as the server reports it</source>
        <translation>以服务器报告的为准</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <source>API key:</source>
        <translation>API 密钥：</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>Context window:</source>
        <translation>上下文窗口：</translation>
    </message>
    <message>
        <source>Enter the server's address, for example http://gpu-box:8000/v1.</source>
        <translation>请输入服务器地址，例如 http://gpu-box:8000/v1。</translation>
    </message>
    <message>
        <source>Connecting to {0}…</source>
        <translation>正在连接 {0}…</translation>
    </message>
    <message>
        <source>Loading the model on this computer…</source>
        <translation>正在本机加载模型…</translation>
    </message>
    <message>
        <source>context {0} tokens</source>
        <translation>上下文 {0} 个词元</translation>
    </message>
    <message>
        <source>the server does not say its context size: {0} tokens assumed; set it above if you know it</source>
        <translation>服务器未报告上下文大小：按 {0} 个词元计算；如果知道，请在上方设置</translation>
    </message>
    <message>
        <source>Connected to {0}: {1}, {2}.</source>
        <translation>已连接到 {0}：{1}，{2}。</translation>
    </message>
    <message>
        <source>Running {0} on this computer ({1}).</source>
        <translation>正在本机运行 {0}（{1}）。</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Use This Computer</source>
        <translation>使用本机</translation>
    </message>
</context>
<context>
    <name>FieldsForm</name>
    <message>
        <source>Target length</source>
        <translation>目标长度</translation>
    </message>
    <message>
        <source>Words in the whole document</source>
        <translation>全文字数</translation>
    </message>
    <message>
        <source>{0}:</source>
        <translation>{0}：</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>Audience</source>
        <translation>读者</translation>
    </message>
    <message>
        <source>Comma-separated section titles that must appear</source>
        <translation>必须包含的章节标题，用逗号分隔</translation>
    </message>
    <message>
        <source>Comma-separated words to work in</source>
        <translation>要写进文中的词语，用逗号分隔</translation>
    </message>
    <message>
        <source>Keywords</source>
        <translation>关键词</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Language code or name; empty: English, or the text's own language</source>
        <translation>语言代码或名称；留空：英语，或沿用原文的语言</translation>
    </message>
    <message>
        <source>Material the text should use</source>
        <translation>正文应使用的素材</translation>
    </message>
    <message>
        <source>Notes or facts</source>
        <translation>要点或事实</translation>
    </message>
    <message>
        <source>Required sections</source>
        <translation>必备章节</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Tone</source>
        <translation>语气</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>What the text is about</source>
        <translation>文本的主题</translation>
    </message>
    <message>
        <source>Who will read it</source>
        <translation>谁会阅读它</translation>
    </message>
    <message>
        <source>academic</source>
        <translation>学术</translation>
    </message>
    <message>
        <source>confident</source>
        <translation>自信</translation>
    </message>
    <message>
        <source>enthusiastic</source>
        <translation>热情</translation>
    </message>
    <message>
        <source>formal</source>
        <translation>正式</translation>
    </message>
    <message>
        <source>friendly</source>
        <translation>友好</translation>
    </message>
    <message>
        <source>informal</source>
        <translation>随意</translation>
    </message>
    <message>
        <source>long</source>
        <translation>长</translation>
    </message>
    <message>
        <source>medium</source>
        <translation>中等</translation>
    </message>
    <message>
        <source>neutral</source>
        <translation>中性</translation>
    </message>
    <message>
        <source>persuasive</source>
        <translation>有说服力</translation>
    </message>
    <message>
        <source>short</source>
        <translation>短</translation>
    </message>
    <message>
        <source>words, or short/medium/long</source>
        <translation>字数，或 short/medium/long</translation>
    </message>
</context>
<context>
    <name>FitBadge</name>
    <message>
        <source>fits</source>
        <translation>放得下</translation>
    </message>
    <message>
        <source>tight</source>
        <translation>偏紧</translation>
    </message>
    <message>
        <source>won't fit</source>
        <translation>放不下</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Needs about {0} at a context of {1:,} tokens: weights {2}, context cache {3}, overhead {4}.</source>
        <translation>上下文为 {1:,} token 时约需 {0}：权重 {2}，上下文缓存 {3}，额外开销 {4}。</translation>
    </message>
    <message>
        <source>This computer does not say how much memory is free.</source>
        <translation>无法得知这台电脑的可用内存。</translation>
    </message>
    <message>
        <source>Available: {0} of RAM and {1} of GPU memory.</source>
        <translation>可用：内存 {0}，显存 {1}。</translation>
    </message>
    <message>
        <source>Available: {0} of RAM.</source>
        <translation>可用：内存 {0}。</translation>
    </message>
    <message>
        <source>It fits with room to spare.</source>
        <translation>放得下，余量充足。</translation>
    </message>
    <message>
        <source>It fits, but little memory would be left: other programs may slow down. A smaller context or quantization leaves more room.</source>
        <translation>放得下，但剩余内存不多，其他程序可能会变慢。减小上下文或选用更小的量化可留出更多空间。</translation>
    </message>
    <message>
        <source>It will probably not fit: loading it may fail or make the computer swap. Choose a smaller context or a smaller quantization.</source>
        <translation>很可能放不下：加载可能失败，或导致电脑频繁使用交换空间。请选择更小的上下文或更小的量化。</translation>
    </message>
    <message>
        <source>Inkstone cannot tell whether it fits.</source>
        <translation>Inkstone 无法判断能否放下。</translation>
    </message>
    <message>
        <source>Fits comfortably up to a context of {0:,} tokens.</source>
        <translation>上下文不超过 {0:,} token 时可宽裕放下。</translation>
    </message>
    <message>
        <source>Fits only up to a context of {0:,} tokens.</source>
        <translation>上下文最多只能到 {0:,} token。</translation>
    </message>
    <message>
        <source>GPU layers that fit: {0}.</source>
        <translation>可放入 GPU 的层数：{0}。</translation>
    </message>
    <message>
        <source>Estimated from the download size; the Installed list checks the real file.</source>
        <translation>根据下载大小估算；“已安装”列表会按实际文件检查。</translation>
    </message>
</context>
<context>
    <name>FreshDatabaseDialog</name>
    <message>
        <source>Inkstone cannot open its database</source>
        <translation>Inkstone 无法打开其数据库</translation>
    </message>
    <message>
        <source>Inkstone can start with a new, empty database. The old file is not changed: it stays in the same folder, renamed to {0}.</source>
        <translation>Inkstone 可以使用一个新的空数据库启动。旧文件不会被更改：它仍在同一文件夹中，重命名为 {0}。</translation>
    </message>
    <message>
        <source>Start with a New Database</source>
        <translation>使用新数据库启动</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
</context>
<context>
    <name>GenerationSettingsDialog</name>
    <message>
        <source>Settings for {0}</source>
        <translation>{0} 的设置</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> token</translation>
    </message>
    <message>
        <source>Auto ({0})</source>
        <translation>自动（{0}）</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>Context size:</source>
        <translation>上下文大小：</translation>
    </message>
    <message>
        <source>CPU threads:</source>
        <translation>CPU 线程数：</translation>
    </message>
    <message>
        <source>GPU layers:</source>
        <translation>GPU 层数：</translation>
    </message>
    <message>
        <source>Temperature:</source>
        <translation>温度：</translation>
    </message>
    <message>
        <source>Top-p:</source>
        <translation>Top-p：</translation>
    </message>
    <message>
        <source>Top-k:</source>
        <translation>Top-k：</translation>
    </message>
    <message>
        <source>Min-p:</source>
        <translation>Min-p：</translation>
    </message>
    <message>
        <source>Repeat penalty:</source>
        <translation>重复惩罚：</translation>
    </message>
    <message>
        <source>Max tokens per answer:</source>
        <translation>每次回答的最大 token 数：</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>随机种子：</translation>
    </message>
    <message>
        <source>How much text the model keeps in view; more needs more memory.</source>
        <translation>模型一次能顾及的文本量；越大占用的内存越多。</translation>
    </message>
    <message>
        <source>Layers run on the GPU. Auto: as many as fit (all of them when the model fits); 0: CPU only.</source>
        <translation>在 GPU 上运行的层数。自动：放得下多少就用多少（模型能整个放下时全部放入）；0：仅使用 CPU。</translation>
    </message>
    <message>
        <source>Higher is more varied, lower more predictable.</source>
        <translation>越高越多样，越低越稳定可预期。</translation>
    </message>
    <message>
        <source>A fixed seed repeats the same answer for the same prompt.</source>
        <translation>固定种子时，相同的提示词会得到相同的回答。</translation>
    </message>
    <message>
        <source>Reset to Defaults</source>
        <translation>恢复默认值</translation>
    </message>
</context>
<context>
    <name>GlossaryDialog</name>
    <message>
        <source>Glossary</source>
        <translation>术语表</translation>
    </message>
    <message>
        <source>Terms here are used in every translation, e.g. 大型语言模型 → large language model. Edit a term in the table; changes are saved at once.</source>
        <translation>这里的术语会用于每一次翻译，例如 大型语言模型 → large language model。可直接在表格中编辑术语，修改会立即保存。</translation>
    </message>
    <message>
        <source>Glossary terms</source>
        <translation>术语表条目</translation>
    </message>
    <message>
        <source>Source term</source>
        <translation>原文术语</translation>
    </message>
    <message>
        <source>Translation</source>
        <translation>译文</translation>
    </message>
    <message>
        <source>From</source>
        <translation>源语言</translation>
    </message>
    <message>
        <source>To</source>
        <translation>目标语言</translation>
    </message>
    <message>
        <source>Any language</source>
        <translation>任意语言</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>添加(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Term:</source>
        <translation>术语(&amp;T)：</translation>
    </message>
    <message>
        <source>→</source>
        <translation>→</translation>
    </message>
    <message>
        <source>&amp;Languages:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>移除(&amp;R)</translation>
    </message>
    <message>
        <source>Remove the selected terms (Delete)</source>
        <translation>移除所选术语 (Delete)</translation>
    </message>
    <message>
        <source>Type both the term and its translation.</source>
        <translation>请同时输入术语及其译文。</translation>
    </message>
    <message>
        <source>Term deleted.</source>
        <translation>术语已删除。</translation>
    </message>
    <message>
        <source>{0} terms deleted.</source>
        <translation>已删除 {0} 个术语。</translation>
    </message>
    <message>
        <source>Any</source>
        <translation>任意</translation>
    </message>
    <message>
        <source>A term needs both a source and a translation; the change was not saved.</source>
        <translation>术语必须同时有原文和译文；此修改未保存。</translation>
    </message>
</context>
<context>
    <name>HardwarePanel</name>
    <message>
        <source>NVIDIA CUDA (needs the CUDA toolkit)</source>
        <translation>NVIDIA CUDA（需要 CUDA 工具包）</translation>
    </message>
    <message>
        <source>Apple Silicon Metal (on by default on macOS)</source>
        <translation>Apple Silicon Metal（macOS 上默认启用）</translation>
    </message>
    <message>
        <source>Vulkan (AMD, Intel and others)</source>
        <translation>Vulkan（AMD、Intel 等）</translation>
    </message>
    <message>
        <source>Windows PowerShell: set the variable first, e.g.</source>
        <translation>Windows PowerShell：先设置环境变量，例如</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>llama.cpp build:</source>
        <translation>llama.cpp 构建：</translation>
    </message>
    <message>
        <source>Memory (RAM):</source>
        <translation>内存：</translation>
    </message>
    <message>
        <source>CPU features:</source>
        <translation>CPU 特性：</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Free memory</source>
        <translation>可用内存</translation>
    </message>
    <message>
        <source>Total memory</source>
        <translation>总内存</translation>
    </message>
    <message>
        <source>&amp;Copy Commands</source>
        <translation>复制命令(&amp;C)</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>刷新(&amp;F)</translation>
    </message>
    <message>
        <source>Devices llama.cpp can use:</source>
        <translation>llama.cpp 可用的设备：</translation>
    </message>
    <message>
        <source>{0} available of {1}</source>
        <translation>可用 {0} / 共 {1}</translation>
    </message>
    <message>
        <source>Unknown: {0}</source>
        <translation>未知：{0}</translation>
    </message>
    <message>
        <source>llama.cpp is not installed</source>
        <translation>未安装 llama.cpp</translation>
    </message>
    <message>
        <source>To run models on a GPU, install llama-cpp-python built for it:</source>
        <translation>若要在 GPU 上运行模型，请安装为该 GPU 构建的 llama-cpp-python：</translation>
    </message>
    <message>
        <source>{0}: model layers run on the GPU (as many as fit in its memory).</source>
        <translation>{0}：模型层在 GPU 上运行（显存能放下多少就放多少）。</translation>
    </message>
    <message>
        <source>This build already uses the GPU. To switch to another backend, rebuild it:</source>
        <translation>当前版本已在使用 GPU。若要换用其他后端，请重新构建：</translation>
    </message>
    <message>
        <source>{0}-capable, but no GPU was found: models run on the CPU.</source>
        <translation>支持 {0}，但未找到 GPU：模型将在 CPU 上运行。</translation>
    </message>
    <message>
        <source>Check the GPU driver, or install a build for the GPU you have:</source>
        <translation>请检查 GPU 驱动，或安装适合你的 GPU 的版本：</translation>
    </message>
    <message>
        <source>CPU only: models run on the processor.</source>
        <translation>仅 CPU：模型在处理器上运行。</translation>
    </message>
    <message>
        <source>With a graphics card, a GPU build runs models several times faster. Install one from a terminal, then restart Inkstone:</source>
        <translation>有显卡时，GPU 版本运行模型会快好几倍。请在终端中安装，然后重启 Inkstone：</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>accelerator</source>
        <translation>加速器</translation>
    </message>
</context>
<context>
    <name>HubSearchView</name>
    <message>
        <source>Model name, e.g. Qwen2.5 7B Instruct GGUF</source>
        <translation>模型名称，例如 Qwen2.5 7B Instruct GGUF</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>搜索(&amp;S)</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Search the Hugging Face Hub for GGUF models.</source>
        <translation>在 Hugging Face Hub 上搜索 GGUF 模型。</translation>
    </message>
    <message>
        <source>&amp;Download</source>
        <translation>下载(&amp;D)</translation>
    </message>
    <message>
        <source>Download the selected file (Enter)</source>
        <translation>下载所选文件 (Enter)</translation>
    </message>
    <message>
        <source>Type part of a model name first.</source>
        <translation>请先输入模型名称的一部分。</translation>
    </message>
    <message>
        <source>Searching for “{0}”…</source>
        <translation>正在搜索“{0}”…</translation>
    </message>
    <message>
        <source>{0:,} downloads</source>
        <translation>{0:,} 次下载</translation>
    </message>
    <message>
        <source>{0:,} likes</source>
        <translation>{0:,} 个赞</translation>
    </message>
    <message>
        <source>gated</source>
        <translation>受限</translation>
    </message>
    <message>
        <source>Accept its licence on Hugging Face and log in before downloading.</source>
        <translation>下载前请先在 Hugging Face 上接受其许可证并登录。</translation>
    </message>
    <message>
        <source>{0} repositories found. Choose one to see its files.</source>
        <translation>找到 {0} 个仓库。选择一个查看其中的文件。</translation>
    </message>
    <message>
        <source>No GGUF models match that name.</source>
        <translation>没有与该名称匹配的 GGUF 模型。</translation>
    </message>
    <message>
        <source>{0} GGUF files in {1}.</source>
        <translation>{1} 中有 {0} 个 GGUF 文件。</translation>
    </message>
    <message>
        <source>This repository has no GGUF files.</source>
        <translation>此仓库中没有 GGUF 文件。</translation>
    </message>
    <message>
        <source>Listing the files of {0}…</source>
        <translation>正在列出 {0} 中的文件…</translation>
    </message>
    <message>
        <source>recommended: a good balance of size and quality</source>
        <translation>推荐：大小与质量兼顾</translation>
    </message>
    <message>
        <source>vision projector, not a model by itself</source>
        <translation>视觉投影器，本身不是模型</translation>
    </message>
    <message>
        <source>part {0} of {1}: split models are not supported yet</source>
        <translation>第 {0} 部分，共 {1} 部分：暂不支持分卷模型</translation>
    </message>
</context>
<context>
    <name>InstalledView</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>File size</source>
        <translation>文件大小</translation>
    </message>
    <message>
        <source>Trained context</source>
        <translation>训练上下文</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适配</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>&amp;Load</source>
        <translation>加载(&amp;L)</translation>
    </message>
    <message>
        <source>Load the selected model (Enter)</source>
        <translation>加载所选模型 (Enter)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>Context size, threads, GPU layers and sampling for this model</source>
        <translation>此模型的上下文大小、线程数、GPU 层数和采样设置</translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation>移除(&amp;R)…</translation>
    </message>
    <message>
        <source>Remove the selected model (Delete)</source>
        <translation>移除所选模型 (Delete)</translation>
    </message>
    <message>
        <source>Add &amp;Folder…</source>
        <translation>添加文件夹(&amp;F)…</translation>
    </message>
    <message>
        <source>Also list the GGUF models in a folder of yours</source>
        <translation>同时列出你的某个文件夹中的 GGUF 模型</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>刷新(&amp;F)</translation>
    </message>
    <message>
        <source>No models yet. Download one from the Catalogue or Search the Hub tab, or add a folder of GGUF files.</source>
        <translation>还没有模型。请从“模型目录”或“搜索 Hub”标签页下载，或添加一个存放 GGUF 文件的文件夹。</translation>
    </message>
    <message>
        <source>{0} (loaded)</source>
        <translation>{0}（已加载）</translation>
    </message>
    <message>
        <source>chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>base</source>
        <translation>基础</translation>
    </message>
    <message>
        <source>Has a chat template: tuned to follow instructions and hold a conversation.</source>
        <translation>带有对话模板：经过调优，能遵循指令并进行对话。</translation>
    </message>
    <message>
        <source>No chat template: a base model, best for continuing text.</source>
        <translation>没有对话模板：基础模型，最适合续写文本。</translation>
    </message>
    <message>
        <source>unusable</source>
        <translation>不可用</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>Starter model (built in)</source>
        <translation>入门模型（内置）</translation>
    </message>
    <message>
        <source>Inkstone</source>
        <translation>Inkstone</translation>
    </message>
    <message>
        <source>Hugging Face cache ({0})</source>
        <translation>Hugging Face 缓存（{0}）</translation>
    </message>
    <message>
        <source>Folder {0}</source>
        <translation>文件夹 {0}</translation>
    </message>
    <message>
        <source>The starter model comes with Inkstone and cannot be removed</source>
        <translation>入门模型随 Inkstone 提供，无法移除</translation>
    </message>
</context>
<context>
    <name>LanguageCombo</name>
    <message>
        <source>{0} ({1})</source>
        <translation>{0}（{1}）</translation>
    </message>
    <message>
        <source>Arabic</source>
        <translation>阿拉伯语</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英语</translation>
    </message>
    <message>
        <source>French</source>
        <translation>法语</translation>
    </message>
    <message>
        <source>German</source>
        <translation>德语</translation>
    </message>
    <message>
        <source>Italian</source>
        <translation>意大利语</translation>
    </message>
    <message>
        <source>Japanese</source>
        <translation>日语</translation>
    </message>
    <message>
        <source>Korean</source>
        <translation>韩语</translation>
    </message>
    <message>
        <source>Portuguese</source>
        <translation>葡萄牙语</translation>
    </message>
    <message>
        <source>Russian</source>
        <translation>俄语</translation>
    </message>
    <message>
        <source>Simplified Chinese</source>
        <translation>简体中文</translation>
    </message>
    <message>
        <source>Spanish</source>
        <translation>西班牙语</translation>
    </message>
    <message>
        <source>Traditional Chinese</source>
        <translation>繁体中文</translation>
    </message>
</context>
<context>
    <name>LoadProgress</name>
    <message>
        <source>Preparing the starter model</source>
        <translation>正在准备入门模型</translation>
    </message>
    <message>
        <source>Loading {0}</source>
        <translation>正在加载 {0}</translation>
    </message>
    <message>
        <source>Loading {0} ({1})</source>
        <translation>正在加载 {0}（{1}）</translation>
    </message>
    <message>
        <source>{0}… {1} s</source>
        <translation>{0}… {1} 秒</translation>
    </message>
</context>
<context>
    <name>LocalServer</name>
    <message>
        <source>The API token could not be stored: {0}</source>
        <translation>无法保存 API 令牌：{0}</translation>
    </message>
    <message>
        <source>The server could not start: {0}</source>
        <translation>服务器无法启动：{0}</translation>
    </message>
</context>
<context>
    <name>LongformFlow</name>
    <message>
        <source>Writing the outline…</source>
        <translation>正在撰写大纲…</translation>
    </message>
    <message>
        <source>The outline is empty. Make an outline, or add sections to it.</source>
        <translation>大纲为空。请生成大纲，或向其中添加章节。</translation>
    </message>
    <message>
        <source>written</source>
        <translation>已写</translation>
    </message>
    <message>
        <source>Writing the document…</source>
        <translation>正在撰写文档…</translation>
    </message>
    <message>
        <source>Select the section to write again in the outline.</source>
        <translation>请在大纲中选择要重写的章节。</translation>
    </message>
    <message>
        <source>Write the document first; then a single section can be written again.</source>
        <translation>请先撰写整篇文档，之后才能单独重写某个章节。</translation>
    </message>
    <message>
        <source>Writing the section again…</source>
        <translation>正在重写章节…</translation>
    </message>
    <message>
        <source>Section {0} of {1}: {2}</source>
        <translation>第 {0} 节，共 {1} 节：{2}</translation>
    </message>
    <message>
        <source>writing…</source>
        <translation>撰写中…</translation>
    </message>
    <message>
        <source>Outline ready · sections: {0} · edit it, then Write document</source>
        <translation>大纲已就绪 · 章节：{0} · 修改后点击“撰写文档”</translation>
    </message>
    <message>
        <source>Stopped · sections written: {0} of {1} · Write document continues</source>
        <translation>已停止 · 已写章节：{0} / {1} · 点击“撰写文档”可继续</translation>
    </message>
    <message>
        <source>Document written · sections: {0}</source>
        <translation>文档已完成 · 章节：{0}</translation>
    </message>
    <message>
        <source>Section {0} written again.</source>
        <translation>第 {0} 节已重写。</translation>
    </message>
</context>
<context>
    <name>LongformPanel</name>
    <message>
        <source>Make &amp;outline</source>
        <translation>生成大纲(&amp;O)</translation>
    </message>
    <message>
        <source>Ask the model for section headings; you can edit them</source>
        <translation>让模型给出章节标题，之后可以编辑</translation>
    </message>
    <message>
        <source>&amp;Write document</source>
        <translation>撰写文档(&amp;W)</translation>
    </message>
    <message>
        <source>Write the sections in order; after Stop, continues where it stopped</source>
        <translation>按顺序撰写各章节；停止后可从停下处继续</translation>
    </message>
    <message>
        <source>&amp;Regenerate section</source>
        <translation>重写章节(&amp;R)</translation>
    </message>
    <message>
        <source>Write the selected section again</source>
        <translation>重新撰写所选章节</translation>
    </message>
    <message>
        <source>Outline (double-click or start typing to edit):</source>
        <translation>大纲（双击或直接输入即可编辑）：</translation>
    </message>
    <message>
        <source>written</source>
        <translation>已写</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Inkstone</source>
        <translation>Inkstone</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Translate</source>
        <translation>翻译</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>文档</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>No model</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open Model…</source>
        <translation>打开模型(&amp;O)…</translation>
    </message>
    <message>
        <source>Use the &amp;Starter Model</source>
        <translation>使用入门模型(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>剪切(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation>全选(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>Follow the &amp;System</source>
        <translation>跟随系统(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Larger Text</source>
        <translation>放大文字(&amp;L)</translation>
    </message>
    <message>
        <source>S&amp;maller Text</source>
        <translation>缩小文字(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Default Text Size</source>
        <translation>默认文字大小(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Chat</source>
        <translation>对话(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;New Chat</source>
        <translation>新建对话(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>Copy &amp;Diagnostics</source>
        <translation>复制诊断信息(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;About Inkstone</source>
        <translation>关于 Inkstone(&amp;A)</translation>
    </message>
    <message>
        <source>Diagnostics copied to the clipboard: paste them into your bug report.</source>
        <translation>诊断信息已复制到剪贴板：请粘贴到您的错误报告中。</translation>
    </message>
    <message>
        <source>About Inkstone</source>
        <translation>关于 Inkstone</translation>
    </message>
    <message>
        <source>Inkstone {0}
A private chat and writing assistant. Your model runs on this computer; nothing you write leaves it.</source>
        <translation>Inkstone {0}
私密的对话与写作助手。模型在这台电脑上运行，你写下的内容不会离开这台电脑。</translation>
    </message>
    <message>
        <source>No model — choose one with File › Open Model…</source>
        <translation>未加载模型 — 请通过“文件 › 打开模型…”选择一个</translation>
    </message>
    <message>
        <source>{0} crashed Inkstone last time, so it was not loaded again. Choose it with File › Open Model… to try it again, or pick another model.</source>
        <translation>{0} 上次导致 Inkstone 崩溃，因此没有再次加载。如需重试，请通过“文件 › 打开模型…”选择它，或选择其他模型。</translation>
    </message>
    <message>
        <source>Open a GGUF model</source>
        <translation>打开 GGUF 模型</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Loading model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <source>Connecting to {0}…</source>
        <translation>正在连接 {0}…</translation>
    </message>
    <message>
        <source>chat</source>
        <translation>对话模型</translation>
    </message>
    <message>
        <source>base</source>
        <translation>基础模型</translation>
    </message>
    <message>
        <source>{0} ({1}) · {2}</source>
        <translation>{0} · {1} · {2}</translation>
    </message>
    <message>
        <source>The server's API key could not be saved: {0}</source>
        <translation>无法保存服务器的 API 密钥：{0}</translation>
    </message>
    <message>
        <source>{0} · {1}</source>
        <translation>{0} · {1}</translation>
    </message>
    <message>
        <source>Could not connect to the server: {0}</source>
        <translation>无法连接到服务器：{0}</translation>
    </message>
    <message>
        <source>Could not load the model: {0}</source>
        <translation>无法加载模型：{0}</translation>
    </message>
    <message>
        <source>Settings could not be saved: {0}</source>
        <translation>无法保存设置：{0}</translation>
    </message>
</context>
<context>
    <name>MarkdownRender</name>
    <message>
        <source>Mermaid diagram (shown as its code)</source>
        <translation>Mermaid 图表（以代码显示）</translation>
    </message>
</context>
<context>
    <name>MessageActions</name>
    <message>
        <source>Copy as Markdown</source>
        <translation>复制为 Markdown</translation>
    </message>
    <message>
        <source>Copy as Plain Text</source>
        <translation>复制为纯文本</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Fork into a New Chat</source>
        <translation>分支为新对话</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Previous Message</source>
        <translation>上一条消息</translation>
    </message>
    <message>
        <source>Next Message</source>
        <translation>下一条消息</translation>
    </message>
    <message>
        <source>Copied as Markdown.</source>
        <translation>已复制为 Markdown。</translation>
    </message>
    <message>
        <source>Copied as plain text.</source>
        <translation>已复制为纯文本。</translation>
    </message>
</context>
<context>
    <name>MessageView</name>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
</context>
<context>
    <name>ModelPicker</name>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>the starter model</source>
        <translation>入门模型</translation>
    </message>
    <message>
        <source>Loading {0}…</source>
        <translation>正在加载 {0}…</translation>
    </message>
    <message>
        <source>No model</source>
        <translation>无模型</translation>
    </message>
    <message>
        <source>Choose a model</source>
        <translation>选择模型</translation>
    </message>
    <message>
        <source>{0}
Click to switch models</source>
        <translation>{0}
点击以切换模型</translation>
    </message>
    <message>
        <source>Looking for models…</source>
        <translation>正在查找模型…</translation>
    </message>
    <message>
        <source>No models found</source>
        <translation>未找到模型</translation>
    </message>
    <message>
        <source>Open Model File…</source>
        <translation>打开模型文件…</translation>
    </message>
    <message>
        <source>Manage Models…</source>
        <translation>管理模型…</translation>
    </message>
</context>
<context>
    <name>ModelsPage</name>
    <message>
        <source>Installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <source>Catalogue</source>
        <translation>模型目录</translation>
    </message>
    <message>
        <source>Search the Hub</source>
        <translation>搜索 Hub</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Hardware</source>
        <translation>硬件</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>引擎</translation>
    </message>
    <message>
        <source>Serve</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>Looking for models…</source>
        <translation>正在查找模型…</translation>
    </message>
    <message>
        <source>Delete Model</source>
        <translation>删除模型</translation>
    </message>
    <message>
        <source>Delete {0}?

The file {1} ({2}) will be deleted from this computer.</source>
        <translation>删除 {0}？

文件 {1}（{2}）将从这台电脑上删除。</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Remove Model from the List</source>
        <translation>从列表中移除模型</translation>
    </message>
    <message>
        <source>Remove {0} from Inkstone's list?

The file is outside Inkstone's models folder, so it is only forgotten: it stays where it is ({1}).</source>
        <translation>从 Inkstone 的列表中移除 {0}？

该文件不在 Inkstone 的模型文件夹中，因此只是不再列出，文件仍保留在原处（{1}）。</translation>
    </message>
    <message>
        <source>Remove from List</source>
        <translation>从列表中移除</translation>
    </message>
    <message>
        <source>At these settings: {0}.</source>
        <translation>按当前设置：{0}。</translation>
    </message>
    <message>
        <source>The models could not be listed: {0}</source>
        <translation>无法列出模型：{0}</translation>
    </message>
    <message>
        <source>Downloads ({0})</source>
        <translation>下载（{0}）</translation>
    </message>
    <message>
        <source>Free memory is unknown on this system, so the fit cannot be checked.</source>
        <translation>无法得知此系统的可用内存，因此无法检查能否放下。</translation>
    </message>
    <message>
        <source>{0} of RAM and {1} of GPU memory</source>
        <translation>内存 {0}，显存 {1}</translation>
    </message>
    <message>
        <source>Fit: each model at its own context size (see Settings…) against the {0} free now. Hover over a badge for the figures.</source>
        <translation>适配：按每个模型各自的上下文大小（见“设置…”）与当前可用的 {0} 比较。将鼠标悬停在标记上可查看具体数字。</translation>
    </message>
    <message>
        <source>Settings could not be saved: {0}</source>
        <translation>无法保存设置：{0}</translation>
    </message>
    <message>
        <source>Add a Folder of GGUF Models</source>
        <translation>添加 GGUF 模型文件夹</translation>
    </message>
    <message>
        <source>Unexpected error: {0}</source>
        <translation>意外错误：{0}</translation>
    </message>
</context>
<context>
    <name>NavigationRail</name>
    <message>
        <source>Workspaces</source>
        <translation>工作区</translation>
    </message>
    <message>
        <source>{0} ({1})</source>
        <translation>{0}（{1}）</translation>
    </message>
</context>
<context>
    <name>OutlineEditor</name>
    <message>
        <source>Outline</source>
        <translation>大纲</translation>
    </message>
    <message>
        <source>Section</source>
        <translation>章节</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>要点</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Add a section below the selected one</source>
        <translation>在所选章节下方添加一节</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move the section up (Ctrl+Up)</source>
        <translation>上移章节 (Ctrl+Up)</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Move the section down (Ctrl+Down)</source>
        <translation>下移章节 (Ctrl+Down)</translation>
    </message>
    <message>
        <source>New section</source>
        <translation>新章节</translation>
    </message>
</context>
<context>
    <name>OverridesDialog</name>
    <message>
        <source>Chat Settings</source>
        <translation>对话设置</translation>
    </message>
    <message>
        <source>Own temperature</source>
        <translation>单独的温度</translation>
    </message>
    <message>
        <source>Own answer length</source>
        <translation>单独的回答长度</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> 个词元</translation>
    </message>
</context>
<context>
    <name>PassageDialog</name>
    <message>
        <source>Source passage</source>
        <translation>来源段落</translation>
    </message>
</context>
<context>
    <name>PatternsDialog</name>
    <message>
        <source>Add a folder</source>
        <translation>添加文件夹</translation>
    </message>
    <message>
        <source>e.g. *.pdf, *.md (empty: all supported files)</source>
        <translation>例如 *.pdf, *.md（留空：所有支持的文件）</translation>
    </message>
    <message>
        <source>e.g. drafts/*, *.tmp.md</source>
        <translation>例如 drafts/*, *.tmp.md</translation>
    </message>
    <message>
        <source>Include:</source>
        <translation>包含：</translation>
    </message>
    <message>
        <source>Exclude:</source>
        <translation>排除：</translation>
    </message>
</context>
<context>
    <name>PdfExport</name>
    <message>
        <source>No font can show the {0} characters in this document, so they cannot go into a PDF. Remove them, or export to HTML, DOCX or Markdown, which keep the text as it is.</source>
        <translation>没有字体能显示此文档中的{0}字符，因此它们无法写入 PDF。请删除这些字符，或导出为 HTML、DOCX 或 Markdown，这些格式会原样保留文字。</translation>
    </message>
    <message>
        <source>No font on this computer can show the {0} characters in this document, so the PDF would have gaps where they are. Install {1} (free from {2}), restart Inkstone and export again; or export to HTML, DOCX or Markdown, which keep the text as it is.</source>
        <translation>这台电脑上没有字体能显示此文档中的{0}字符，PDF 中这些位置将是空白。请安装 {1}（可从 {2} 免费获取），重启 Inkstone 后再次导出；或导出为 HTML、DOCX 或 Markdown，这些格式会原样保留文字。</translation>
    </message>
    <message>
        <source>{0} and {1}</source>
        <translation>{0}和{1}</translation>
    </message>
    <message>
        <source>Arabic</source>
        <translation>阿拉伯文</translation>
    </message>
    <message>
        <source>Armenian</source>
        <translation>亚美尼亚文</translation>
    </message>
    <message>
        <source>Bengali</source>
        <translation>孟加拉文</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <source>Cyrillic</source>
        <translation>西里尔文</translation>
    </message>
    <message>
        <source>Devanagari</source>
        <translation>天城文</translation>
    </message>
    <message>
        <source>Ethiopic</source>
        <translation>埃塞俄比亚文</translation>
    </message>
    <message>
        <source>Georgian</source>
        <translation>格鲁吉亚文</translation>
    </message>
    <message>
        <source>Greek</source>
        <translation>希腊文</translation>
    </message>
    <message>
        <source>Hebrew</source>
        <translation>希伯来文</translation>
    </message>
    <message>
        <source>Japanese</source>
        <translation>日文</translation>
    </message>
    <message>
        <source>Khmer</source>
        <translation>高棉文</translation>
    </message>
    <message>
        <source>Korean</source>
        <translation>韩文</translation>
    </message>
    <message>
        <source>Lao</source>
        <translation>老挝文</translation>
    </message>
    <message>
        <source>Latin</source>
        <translation>拉丁文</translation>
    </message>
    <message>
        <source>Mongolian</source>
        <translation>蒙古文</translation>
    </message>
    <message>
        <source>Myanmar</source>
        <translation>缅甸文</translation>
    </message>
    <message>
        <source>Tamil</source>
        <translation>泰米尔文</translation>
    </message>
    <message>
        <source>Thai</source>
        <translation>泰文</translation>
    </message>
    <message>
        <source>Tibetan</source>
        <translation>藏文</translation>
    </message>
    <message>
        <source>accent</source>
        <translation>重音符号</translation>
    </message>
    <message>
        <source>symbol and emoji</source>
        <translation>符号和表情</translation>
    </message>
    <message>
        <source>unassigned or private-use</source>
        <translation>未分配或私用区</translation>
    </message>
</context>
<context>
    <name>PresetEditor</name>
    <message>
        <source>Chat Presets</source>
        <translation>对话预设</translation>
    </message>
    <message>
        <source>Presets</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>What the model is told before every conversation that uses this preset</source>
        <translation>在每个使用此预设的对话开始前告诉模型的内容</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Save Changes</source>
        <translation>保存更改</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>System prompt:</source>
        <translation>系统提示词：</translation>
    </message>
    <message>
        <source>New preset</source>
        <translation>新预设</translation>
    </message>
    <message>
        <source>Delete preset</source>
        <translation>删除预设</translation>
    </message>
    <message>
        <source>Delete the preset “{0}”? Conversations that use it go back to the default system prompt.</source>
        <translation>删除预设“{0}”？使用它的对话将改回默认系统提示词。</translation>
    </message>
</context>
<context>
    <name>SearchAction</name>
    <message>
        <source>&amp;Search History…</source>
        <translation>搜索历史记录(&amp;S)…</translation>
    </message>
    <message>
        <source>Find any message in your chats, translations and drafts (Ctrl+K)</source>
        <translation>在对话、翻译和草稿中查找任意消息（Ctrl+K）</translation>
    </message>
</context>
<context>
    <name>SearchPopup</name>
    <message>
        <source>Search History</source>
        <translation>搜索历史记录</translation>
    </message>
    <message>
        <source>Search chats, translations and drafts</source>
        <translation>搜索对话、翻译和草稿</translation>
    </message>
    <message>
        <source>Search history</source>
        <translation>搜索历史记录</translation>
    </message>
    <message>
        <source>Matching messages</source>
        <translation>匹配的消息</translation>
    </message>
    <message>
        <source>Type a word or a phrase; Chinese and Japanese work from one character.</source>
        <translation>输入一个词或短语；中文和日文输入一个字即可搜索。</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <source>Nothing found for “{0}”.</source>
        <translation>没有找到“{0}”。</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) found.</source>
        <translation><numerusform>找到 %n 条消息。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The newest %n matching message(s); scroll for more.</source>
        <translation><numerusform>最新的 %n 条匹配消息；向下滚动查看更多。</numerusform>
        </translation>
    </message>
    <message>
        <source>The search failed: {0}</source>
        <translation>搜索失败：{0}</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Translation</source>
        <translation>翻译</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
</context>
<context>
    <name>ServePanel</name>
    <message>
        <source>Let other programs on this computer use the loaded model through the OpenAI API: editors (Continue), scripts with the openai package, translation tools. Their requests wait their turn with the window's own work. Only this computer can connect, and every request needs the token.</source>
        <translation>让本机上的其他程序通过 OpenAI API 使用已加载的模型：编辑器（Continue）、使用 openai 包的脚本、翻译工具。它们的请求与窗口自身的工作一同排队。只有本机可以连接，每个请求都需要令牌。</translation>
    </message>
    <message>
        <source>Serve the loaded model</source>
        <translation>提供已加载的模型</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>端口：</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <source>API token:</source>
        <translation>API 令牌：</translation>
    </message>
    <message>
        <source>The token was copied: paste it into the program as its API key.</source>
        <translation>令牌已复制：请将其作为 API 密钥粘贴到程序中。</translation>
    </message>
    <message>
        <source>A new token was made. Programs that used the old one must be given the new one.</source>
        <translation>已生成新令牌。使用旧令牌的程序需要改用新令牌。</translation>
    </message>
    <message>
        <source>Serving at {0}. Point a program's OpenAI base URL there and give it the token as its API key.</source>
        <translation>正在 {0} 提供服务。请将程序的 OpenAI 基础地址指向这里，并把令牌作为其 API 密钥。</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Not serving.</source>
        <translation>未在提供服务。</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>System size</source>
        <translation>系统大小</translation>
    </message>
    <message>
        <source> pt</source>
        <translation> 磅</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Use the starter model</source>
        <translation>使用入门模型</translation>
    </message>
    <message>
        <source>Instructions every new chat starts with, e.g. “Answer briefly, in the language of the question.”</source>
        <translation>每个新对话开头的指示，例如“请简短回答，并使用提问的语言。”</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Conversations, translations, drafts, models and logs. Set INKSTONE_DATA_DIR to keep them elsewhere.</source>
        <translation>对话、翻译、草稿、模型和日志都在这里。设置 INKSTONE_DATA_DIR 可将它们保存到别处。</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>外观</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>主题(&amp;T)：</translation>
    </message>
    <message>
        <source>Text &amp;size:</source>
        <translation>文字大小(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Default model:</source>
        <translation>默认模型：</translation>
    </message>
    <message>
        <source>Default system &amp;prompt:</source>
        <translation>默认系统提示(&amp;P)：</translation>
    </message>
    <message>
        <source>Your data</source>
        <translation>您的数据</translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation>数据文件夹：</translation>
    </message>
    <message>
        <source>The starter model (Gemma 3 270M)</source>
        <translation>入门模型（Gemma 3 270M）</translation>
    </message>
    <message>
        <source>Settings could not be saved: {0}</source>
        <translation>无法保存设置：{0}</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Inkstone will speak the new language from its next start. Restart Inkstone now?</source>
        <translation>Inkstone 将在下次启动时使用新的语言。现在重启 Inkstone 吗？</translation>
    </message>
    <message>
        <source>Choose the default model</source>
        <translation>选择默认模型</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>ShortcutsSheet</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>What</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>In the chat: Enter sends, Shift+Enter starts a new line, Esc stops the answer.</source>
        <translation>在对话中：Enter 发送，Shift+Enter 换行，Esc 停止回答。</translation>
    </message>
</context>
<context>
    <name>SidebarCollapse</name>
    <message>
        <source>Show or hide the conversations</source>
        <translation>显示或隐藏对话列表</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>对话</translation>
    </message>
</context>
<context>
    <name>SourcesPanel</name>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Passages</source>
        <translation>段落</translation>
    </message>
    <message>
        <source>Add files or folders to ask questions about them.</source>
        <translation>添加文件或文件夹，即可就其内容提问。</translation>
    </message>
    <message>
        <source>Add &amp;Files…</source>
        <translation>添加文件(&amp;F)…</translation>
    </message>
    <message>
        <source>Add F&amp;older…</source>
        <translation>添加文件夹(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>移除(&amp;R)</translation>
    </message>
    <message>
        <source>Re-&amp;index</source>
        <translation>重新索引(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>indexing {0}/{1}</source>
        <translation>正在索引 {0}/{1}</translation>
    </message>
    <message>
        <source>failed: {0}</source>
        <translation>失败：{0}</translation>
    </message>
    <message>
        <source>ready ({0} failed)</source>
        <translation>就绪（{0} 个失败）</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>indexing</source>
        <translation>正在索引</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Indexing stopped: {0}</source>
        <translation>索引已停止：{0}</translation>
    </message>
    <message>
        <source>Indexing paused.</source>
        <translation>索引已暂停。</translation>
    </message>
    <message>
        <source>Indexing waits while the model answers.</source>
        <translation>模型回答期间，索引暂停等待。</translation>
    </message>
    <message>
        <source>Looking for new and changed files…</source>
        <translation>正在查找新增和修改的文件…</translation>
    </message>
    <message>
        <source>All documents are indexed.</source>
        <translation>所有文档均已索引。</translation>
    </message>
    <message>
        <source>Indexing file {0} of {1}: {2}, passage {3} of {4} · {5:.1f} passages/s</source>
        <translation>正在索引第 {0}/{1} 个文件：{2}，第 {3}/{4} 段 · 每秒 {5:.1f} 段</translation>
    </message>
    <message>
        <source>about {0} s left</source>
        <translation>约剩 {0} 秒</translation>
    </message>
    <message>
        <source>about {0} min left</source>
        <translation>约剩 {0} 分钟</translation>
    </message>
    <message>
        <source>Res&amp;ume</source>
        <translation>继续(&amp;U)</translation>
    </message>
</context>
<context>
    <name>SuggestionDialog</name>
    <message>
        <source>Original</source>
        <translation>原文</translation>
    </message>
    <message>
        <source>Suggestion</source>
        <translation>建议</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>改动</translation>
    </message>
    <message>
        <source>Waiting for the model…</source>
        <translation>正在等待模型…</translation>
    </message>
    <message>
        <source>&amp;Accept</source>
        <translation>接受(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Reject</source>
        <translation>拒绝(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <source>Writing the suggestion…</source>
        <translation>正在撰写建议…</translation>
    </message>
    <message>
        <source>The model gave no suggestion. Reject, and try again.</source>
        <translation>模型没有给出建议。请拒绝后重试。</translation>
    </message>
    <message>
        <source>Stopped: the suggestion is incomplete.</source>
        <translation>已停止：建议不完整。</translation>
    </message>
    <message>
        <source>Accept replaces the selection (Ctrl+Z undoes it).</source>
        <translation>接受后将替换所选内容（可按 Ctrl+Z 撤销）。</translation>
    </message>
</context>
<context>
    <name>TemplateForm</name>
    <message>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>&amp;Template:</source>
        <translation>模板(&amp;T)：</translation>
    </message>
    <message>
        <source>A structured report: summary, findings, recommendations</source>
        <translation>结构化报告：摘要、发现、建议</translation>
    </message>
    <message>
        <source>A titled article with sections</source>
        <translation>带标题、分章节的文章</translation>
    </message>
    <message>
        <source>An email on a topic, to a recipient</source>
        <translation>就某个主题写给收件人的邮件</translation>
    </message>
    <message>
        <source>Article / blog post</source>
        <translation>文章 / 博客</translation>
    </message>
    <message>
        <source>Change tone</source>
        <translation>调整语气</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>邮件</translation>
    </message>
    <message>
        <source>Expand</source>
        <translation>扩写</translation>
    </message>
    <message>
        <source>Outline</source>
        <translation>大纲</translation>
    </message>
    <message>
        <source>Proofread</source>
        <translation>校对</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <source>Rewrite</source>
        <translation>改写</translation>
    </message>
    <message>
        <source>Section headings for a longer document</source>
        <translation>长文档的章节标题</translation>
    </message>
    <message>
        <source>Shorten</source>
        <translation>精简</translation>
    </message>
    <message>
        <source>Spelling, grammar and punctuation fixed, nothing else</source>
        <translation>只修正拼写、语法和标点，不做其他改动</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>The key points of a text</source>
        <translation>文本的要点</translation>
    </message>
    <message>
        <source>The same content in another tone</source>
        <translation>内容不变，换一种语气</translation>
    </message>
    <message>
        <source>The same content, better written</source>
        <translation>内容不变，文字更好</translation>
    </message>
    <message>
        <source>The text cut down to its key points</source>
        <translation>将文本精简到要点</translation>
    </message>
    <message>
        <source>The text developed with more detail</source>
        <translation>为文本补充更多细节</translation>
    </message>
</context>
<context>
    <name>Toast</name>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>TransferActions</name>
    <message>
        <source>&amp;Export Conversation…</source>
        <translation>导出对话(&amp;E)…</translation>
    </message>
    <message>
        <source>Export &amp;All Conversations…</source>
        <translation>导出全部对话(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Import Conversations…</source>
        <translation>导入对话(&amp;I)…</translation>
    </message>
    <message>
        <source>Import an Inkstone JSON export or ChatGPT's conversations.json</source>
        <translation>导入 Inkstone JSON 导出文件或 ChatGPT 的 conversations.json</translation>
    </message>
    <message>
        <source>Open a conversation first: Export Conversation saves the one on screen.</source>
        <translation>请先打开一个对话：“导出对话”保存的是当前显示的对话。</translation>
    </message>
    <message>
        <source>conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Export Conversation</source>
        <translation>导出对话</translation>
    </message>
    <message>
        <source>Export All Conversations</source>
        <translation>导出全部对话</translation>
    </message>
    <message>
        <source>inkstone-history</source>
        <translation>inkstone-历史记录</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>Inkstone JSON, keeps every branch (*.json)</source>
        <translation>Inkstone JSON，保留所有分支 (*.json)</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Exported to {0}</source>
        <translation>已导出到 {0}</translation>
    </message>
    <message>
        <source>Import Conversations</source>
        <translation>导入对话</translation>
    </message>
    <message>
        <source>Conversation exports (*.json);;All files (*)</source>
        <translation>对话导出文件 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Importing {0}…</source>
        <translation>正在导入 {0}…</translation>
    </message>
    <message>
        <source>an Inkstone export</source>
        <translation>Inkstone 导出文件</translation>
    </message>
    <message>
        <source>a ChatGPT export</source>
        <translation>ChatGPT 导出文件</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n conversation(s) with {0} messages from {1}.</source>
        <translation><numerusform>已从{1}导入 %n 个对话，共 {0} 条消息。</numerusform>
        </translation>
    </message>
    <message>
        <source>Wait for the export or import under way to finish.</source>
        <translation>请等待正在进行的导出或导入完成。</translation>
    </message>
    <message>
        <source>Inkstone</source>
        <translation>Inkstone</translation>
    </message>
    <message>
        <source>Something went wrong: {0}</source>
        <translation>出错了：{0}</translation>
    </message>
</context>
<context>
    <name>TranslatePage</name>
    <message>
        <source>Past translations</source>
        <translation>翻译历史</translation>
    </message>
    <message>
        <source>Detect automatically</source>
        <translation>自动检测</translation>
    </message>
    <message>
        <source>Source language</source>
        <translation>源语言</translation>
    </message>
    <message>
        <source>Target language</source>
        <translation>目标语言</translation>
    </message>
    <message>
        <source>Text to translate</source>
        <translation>待翻译文本</translation>
    </message>
    <message>
        <source>Type or paste the text to translate, or open a file (Ctrl+O).</source>
        <translation>输入或粘贴要翻译的文本，或打开文件 (Ctrl+O)。</translation>
    </message>
    <message>
        <source>Translation</source>
        <translation>译文</translation>
    </message>
    <message>
        <source>The translation appears here.</source>
        <translation>译文将显示在这里。</translation>
    </message>
    <message>
        <source>Tone</source>
        <translation>语气</translation>
    </message>
    <message>
        <source>Neutral tone</source>
        <translation>中性语气</translation>
    </message>
    <message>
        <source>Formal</source>
        <translation>正式</translation>
    </message>
    <message>
        <source>Informal</source>
        <translation>随意</translation>
    </message>
    <message>
        <source>&amp;Keep formatting</source>
        <translation>保留格式(&amp;K)</translation>
    </message>
    <message>
        <source>Markdown, code and numbers pass through unchanged</source>
        <translation>Markdown、代码和数字原样保留</translation>
    </message>
    <message>
        <source>{0} ({1})</source>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <source>&amp;Translate</source>
        <translation>翻译(&amp;T)</translation>
    </message>
    <message>
        <source>Translate the text</source>
        <translation>翻译文本</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop; what is translated stays</source>
        <translation>停止；已翻译的内容会保留</translation>
    </message>
    <message>
        <source>⇄ S&amp;wap</source>
        <translation>⇄ 互换(&amp;W)</translation>
    </message>
    <message>
        <source>Swap the languages</source>
        <translation>互换源语言和目标语言</translation>
    </message>
    <message>
        <source>&amp;Copy result</source>
        <translation>复制译文(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the translation</source>
        <translation>复制译文</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>清空(&amp;L)</translation>
    </message>
    <message>
        <source>Clear both sides</source>
        <translation>清空两侧</translation>
    </message>
    <message>
        <source>&amp;Glossary…</source>
        <translation>术语表(&amp;G)…</translation>
    </message>
    <message>
        <source>Terms used in every translation</source>
        <translation>每次翻译都会使用的术语</translation>
    </message>
    <message>
        <source>&amp;Open file…</source>
        <translation>打开文件(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a text file to translate (Ctrl+O)</source>
        <translation>打开要翻译的文本文件 (Ctrl+O)</translation>
    </message>
    <message>
        <source>Delete from history</source>
        <translation>从历史中删除</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>源语言(&amp;F)：</translation>
    </message>
    <message>
        <source>T&amp;o:</source>
        <translation>目标语言(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation>历史(&amp;H)</translation>
    </message>
    <message>
        <source>There is no text to translate. Type or paste some, or open a file.</source>
        <translation>没有要翻译的文本。请输入或粘贴文本，或打开文件。</translation>
    </message>
    <message>
        <source>No model is loaded yet. Wait for it to load, or choose one with File › Open Model…</source>
        <translation>尚未加载模型。请等待加载完成，或通过“文件 › 打开模型…”选择一个。</translation>
    </message>
    <message>
        <source>Waiting for the model…</source>
        <translation>正在等待模型…</translation>
    </message>
    <message>
        <source>Choose the source language first (or translate once so it is detected).</source>
        <translation>请先选择源语言（或先翻译一次以自动检测）。</translation>
    </message>
    <message>
        <source>Translation copied.</source>
        <translation>译文已复制。</translation>
    </message>
    <message>
        <source>Open a text file to translate</source>
        <translation>打开要翻译的文本文件</translation>
    </message>
    <message>
        <source>Text and documents (*.txt *.md *.markdown *.text *.rst *.csv *.docx *.pdf *.html *.htm);;All files (*)</source>
        <translation>文本和文档 (*.txt *.md *.markdown *.text *.rst *.csv *.docx *.pdf *.html *.htm);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Stop the translation before opening another file.</source>
        <translation>请先停止翻译，再打开其他文件。</translation>
    </message>
    <message>
        <source>{0} cannot be read: {1}.</source>
        <translation>无法读取 {0}：{1}。</translation>
    </message>
    <message>
        <source>{0} has no text to translate.</source>
        <translation>{0} 中没有可翻译的文字。</translation>
    </message>
    <message>
        <source>Opened {0}.</source>
        <translation>已打开 {0}。</translation>
    </message>
    <message>
        <source>Stop the translation before opening another one.</source>
        <translation>请先停止翻译，再打开另一条翻译。</translation>
    </message>
    <message>
        <source>This translation has no text.</source>
        <translation>这条翻译没有内容。</translation>
    </message>
    <message>
        <source>Translation deleted.</source>
        <translation>翻译已删除。</translation>
    </message>
    <message>
        <source>Translating…</source>
        <translation>正在翻译…</translation>
    </message>
    <message>
        <source>Segment {0} of {1}</source>
        <translation>第 {0} 段，共 {1} 段</translation>
    </message>
    <message>
        <source>Detected: {0}</source>
        <translation>检测到：{0}</translation>
    </message>
    <message>
        <source>Stopped · segments translated: {0} of {1}</source>
        <translation>已停止 · 已翻译段落：{0} / {1}</translation>
    </message>
    <message>
        <source>Done · segments: {0} · {1:.1f} s</source>
        <translation>完成 · 段落：{0} · {1:.1f} 秒</translation>
    </message>
</context>
<context>
    <name>WelcomePanel</name>
    <message>
        <source>Welcome to Inkstone</source>
        <translation>欢迎使用 Inkstone</translation>
    </message>
    <message>
        <source>A private assistant for chatting, translating and writing. The model runs on this computer: what you write stays here, with no account and no cloud.</source>
        <translation>一个用于对话、翻译和写作的私人助手。模型在这台电脑上运行：你写的内容都留在本机，无需账号，不经云端。</translation>
    </message>
    <message>
        <source>Try one of these</source>
        <translation>试试这些</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Explain how a rainbow forms, in three short sentences.</source>
        <translation>用三句简短的话解释彩虹是怎样形成的。</translation>
    </message>
    <message>
        <source>Translate</source>
        <translation>翻译</translation>
    </message>
    <message>
        <source>Translate into French: "Where is the nearest train station?"</source>
        <translation>翻译成法语：“最近的火车站在哪里？”</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Write a short, polite email asking to move Tuesday's meeting to Thursday.</source>
        <translation>写一封简短礼貌的邮件，请求把周二的会议改到周四。</translation>
    </message>
    <message>
        <source>Put this in the message box</source>
        <translation>放入消息框</translation>
    </message>
    <message>
        <source>Translate a whole document in Translate</source>
        <translation>在“翻译”中翻译整篇文档</translation>
    </message>
    <message>
        <source>Write a longer text in Draft</source>
        <translation>在“草稿”中写较长的文字</translation>
    </message>
    <message>
        <source>Drop a text, Markdown, PDF, Word or HTML file here to ask about it.</source>
        <translation>把文本、Markdown、PDF、Word 或 HTML 文件拖到这里，就其内容提问。</translation>
    </message>
    <message>
        <source>You are using the starter model: a small base model that continues text rather than following instructions. It answers short questions; for real chat, translation and drafting, get an instruct model.</source>
        <translation>你正在使用入门模型：一个小型基础模型，它会续写文字，而不是遵循指令。它能回答简短的问题；要真正用于对话、翻译和写作，请获取一个指令模型。</translation>
    </message>
    <message>
        <source>{0} is a base model: it continues text rather than following instructions. For chat, translation and drafting, an instruct model does much better.</source>
        <translation>{0} 是基础模型：它会续写文字，而不是遵循指令。用于对话、翻译和写作时，指令模型的效果要好得多。</translation>
    </message>
    <message>
        <source>Recommended for this computer: {0} · {1}</source>
        <translation>推荐给这台电脑：{0} · {1}</translation>
    </message>
    <message>
        <source>Get {0}</source>
        <translation>获取 {0}</translation>
    </message>
    <message>
        <source>Download {0} ({1}) from Hugging Face; the Models page shows its progress</source>
        <translation>从 Hugging Face 下载 {0}（{1}）；“模型”页面会显示进度</translation>
    </message>
</context>
<context>
    <name>WontFitDialog</name>
    <message>
        <source>Model too large</source>
        <translation>模型过大</translation>
    </message>
    <message>
        <source>{0} will probably not fit in this computer's memory.</source>
        <translation>这台电脑的内存很可能放不下 {0}。</translation>
    </message>
    <message>
        <source>With a context of {0:,} tokens it would fit.</source>
        <translation>将上下文设为 {0:,} token 即可放下。</translation>
    </message>
    <message>
        <source>Even a small context will not fit: a smaller quantization or model would.</source>
        <translation>即使上下文很小也放不下，请换用更小的量化或模型。</translation>
    </message>
    <message>
        <source>Loading it anyway may fail, or make the computer very slow while it swaps.</source>
        <translation>强行加载可能会失败，或因频繁使用交换空间而让电脑变得非常慢。</translation>
    </message>
    <message>
        <source>Use {0:,} Tokens</source>
        <translation>使用 {0:,} token</translation>
    </message>
    <message>
        <source>Load Anyway</source>
        <translation>仍然加载</translation>
    </message>
</context>
<context>
    <name>WritingTools</name>
    <message>
        <source>Rewrite</source>
        <translation>改写</translation>
    </message>
    <message>
        <source>Rewrite the selection</source>
        <translation>改写所选内容</translation>
    </message>
    <message>
        <source>Proofread</source>
        <translation>校对</translation>
    </message>
    <message>
        <source>Fix spelling and grammar in the selection</source>
        <translation>修正所选内容中的拼写和语法</translation>
    </message>
    <message>
        <source>Shorten</source>
        <translation>精简</translation>
    </message>
    <message>
        <source>Shorten the selection</source>
        <translation>精简所选内容</translation>
    </message>
    <message>
        <source>Expand</source>
        <translation>扩写</translation>
    </message>
    <message>
        <source>Expand the selection</source>
        <translation>扩写所选内容</translation>
    </message>
    <message>
        <source>Translate to</source>
        <translation>翻译为</translation>
    </message>
    <message>
        <source>Change tone</source>
        <translation>调整语气</translation>
    </message>
    <message>
        <source>Translate to…</source>
        <translation>翻译为…</translation>
    </message>
    <message>
        <source>Translate the selection</source>
        <translation>翻译所选内容</translation>
    </message>
    <message>
        <source>Change tone…</source>
        <translation>调整语气…</translation>
    </message>
    <message>
        <source>Say the selection in another tone</source>
        <translation>用另一种语气表达所选内容</translation>
    </message>
    <message>
        <source>{0} ({1})</source>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <source>Select the text to work on first.</source>
        <translation>请先选择要处理的文本。</translation>
    </message>
    <message>
        <source>Translate</source>
        <translation>翻译</translation>
    </message>
    <message>
        <source>Writing a suggestion…</source>
        <translation>正在撰写建议…</translation>
    </message>
    <message>
        <source>The text changed meanwhile; the suggestion was not applied.</source>
        <translation>文本已在此期间被修改，建议未被应用。</translation>
    </message>
    <message>
        <source>Arabic</source>
        <translation>阿拉伯语</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英语</translation>
    </message>
    <message>
        <source>French</source>
        <translation>法语</translation>
    </message>
    <message>
        <source>German</source>
        <translation>德语</translation>
    </message>
    <message>
        <source>Italian</source>
        <translation>意大利语</translation>
    </message>
    <message>
        <source>Japanese</source>
        <translation>日语</translation>
    </message>
    <message>
        <source>Korean</source>
        <translation>韩语</translation>
    </message>
    <message>
        <source>Portuguese</source>
        <translation>葡萄牙语</translation>
    </message>
    <message>
        <source>Russian</source>
        <translation>俄语</translation>
    </message>
    <message>
        <source>Simplified Chinese</source>
        <translation>简体中文</translation>
    </message>
    <message>
        <source>Spanish</source>
        <translation>西班牙语</translation>
    </message>
    <message>
        <source>Traditional Chinese</source>
        <translation>繁体中文</translation>
    </message>
    <message>
        <source>academic</source>
        <translation>学术</translation>
    </message>
    <message>
        <source>confident</source>
        <translation>自信</translation>
    </message>
    <message>
        <source>enthusiastic</source>
        <translation>热情</translation>
    </message>
    <message>
        <source>formal</source>
        <translation>正式</translation>
    </message>
    <message>
        <source>friendly</source>
        <translation>友好</translation>
    </message>
    <message>
        <source>informal</source>
        <translation>随意</translation>
    </message>
    <message>
        <source>neutral</source>
        <translation>中性</translation>
    </message>
    <message>
        <source>persuasive</source>
        <translation>有说服力</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>Inkstone is already running but does not respond; close it and try again.</source>
        <translation>Inkstone 已在运行但没有响应；请关闭它后重试。</translation>
    </message>
    <message>
        <source>Inkstone cannot start</source>
        <translation>Inkstone 无法启动</translation>
    </message>
</context>
</TS>