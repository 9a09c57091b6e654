SELECT set_config('openaudio.new_plays_from', %(first)s, true),
       set_config('openaudio.new_plays_to', %(last)s, true),
       set_config('openaudio.new_plays_first_id', %(first_id)s, true)
