DELETE FROM genre_track_counts;
