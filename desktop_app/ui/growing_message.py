"""The body of a message at the end of a QTextDocument, growing piece by piece.

Pieces that ``stream_render`` committed are inserted once, in order, and never touched again
(unless a link reference they use gets defined later); only the open tail after them is
replaced. Positions are kept as lengths, so editing costs the same however long the
document before the message and the message itself are.
"""

from __future__ import annotations

from PySide6.QtGui import QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument

from desktop_app.ui.stream_render import Piece, Update

_FIRST_BLOCK_MARK = "<p>\u2060</p>"  # takes the insertion block's place, so the piece keeps its first format


class GrowingMessage:
    """Committed pieces, then the tail, from ``body`` (the end of the message's label block) to the end."""

    def __init__(self, document: QTextDocument, body: int) -> None:
        self._document = document
        self._body = body
        self._lengths: list[int] = []  # document length of each committed piece
        self._tail = body  # where the open tail begins

    def apply(self, update: Update) -> None:
        cursor = QTextCursor(self._document)
        cursor.beginEditBlock()
        for index, piece in update.rerendered.items():
            self._replace_piece(cursor, index, piece)
        self._remove_tail(cursor)
        for piece in update.committed:
            length = self._insert(cursor, piece)
            self._lengths.append(length)
            self._tail += length
        self._insert(cursor, update.tail)
        cursor.endEditBlock()

    def _remove_tail(self, cursor: QTextCursor) -> None:
        kept = self._empty_block_format(self._tail)
        cursor.setPosition(self._tail)
        cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        self._restore_block_format(self._tail, kept)

    def _replace_piece(self, cursor: QTextCursor, index: int, piece: Piece) -> None:
        """Swap committed piece ``index``; the pieces after it only move."""
        start = self._body + sum(self._lengths[:index])
        kept = self._empty_block_format(start)
        cursor.setPosition(start)
        cursor.setPosition(start + self._lengths[index], QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        self._restore_block_format(start, kept)
        length = self._insert(cursor, piece)
        self._tail += length - self._lengths[index]
        self._lengths[index] = length

    def _insert(self, cursor: QTextCursor, piece: Piece) -> int:
        """Insert ``piece`` as new blocks after the block that ends at the cursor; returns its length.

        insertHtml merges a fragment's first block into the block at the cursor, which keeps its
        own format (a heading or a list item would come out a plain paragraph). A marker block
        takes that place and is deleted after with the block break before it, so every block
        keeps its format and a table starts right after the block before it: the document is the
        same as if the whole message had been inserted at once.
        """
        if not piece.html:
            return 0
        begin = cursor.position()
        kept = self._empty_block_format(begin)
        cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        mark = cursor.position()
        cursor.insertHtml(_FIRST_BLOCK_MARK + piece.html)
        marker = QTextCursor(self._document)
        marker.setPosition(mark - 1)
        marker.setPosition(mark + 1, QTextCursor.MoveMode.KeepAnchor)
        marker.removeSelectedText()
        self._restore_block_format(begin, kept)
        if piece.joins_previous:  # no gap where a list, quote or code block goes on
            self._merge_margin(mark - 1, bottom=True)
            self._merge_margin(mark, bottom=False)
        return cursor.position() - begin

    def _empty_block_format(self, position: int) -> QTextBlockFormat | None:
        """An empty block (a rule, an empty list item) merged with the next one takes that one's
        format, where a block with text keeps its own. Returns the format to put back, if any."""
        block = self._document.findBlock(position)
        return block.blockFormat() if block.length() == 1 else None

    def _restore_block_format(self, position: int, block_format: QTextBlockFormat | None) -> None:
        if block_format is not None:
            cursor = QTextCursor(self._document)
            cursor.setPosition(position)
            cursor.setBlockFormat(block_format)

    def _merge_margin(self, position: int, *, bottom: bool) -> None:
        zero = QTextBlockFormat()
        if bottom:
            zero.setBottomMargin(0)
        else:
            zero.setTopMargin(0)
        cursor = QTextCursor(self._document)
        cursor.setPosition(position)
        cursor.mergeBlockFormat(zero)
