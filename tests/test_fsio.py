"""fsio: atomic writes of text chunks."""

from __future__ import annotations

from extractor.fsio import atomic_write_chunks


def test_fsio_chunks_are_joined_into_the_same_bytes(tmp_path):
    chunks = [f"行{i}\n" for i in range(100_000)]  # more than one batch
    atomic_write_chunks(tmp_path / "a.txt", iter(chunks))
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "".join(chunks)
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]
