-- Per saved song: the key the singer sings it in (semitones from the original) and a short note.
ALTER TABLE song_list_entries
  ADD COLUMN key_shift smallint CHECK (key_shift BETWEEN -6 AND 6),
  ADD COLUMN note text CHECK (char_length(note) <= 200);
