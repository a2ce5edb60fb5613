window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "retweeted" : false,
      "id_str" : "1800000000000000001",
      "created_at" : "Fri Jun 07 13:00:00 +0000 2024",
      "full_text" : "Corte de agua programado el sábado en los barrios La Loma y El Prado. Detalles: https://t.co/AbCd1234xy",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [
          {
            "url" : "https://t.co/AbCd1234xy",
            "expanded_url" : "https://acueducto-sanroque.example/noticias/corte-sabado",
            "display_url" : "acueducto-sanroque.example/noticias/cort…",
            "indices" : [ "80", "103" ]
          }
        ]
      },
      "favorite_count" : "12",
      "retweet_count" : "30",
      "lang" : "es"
    }
  },
  {
    "tweet" : {
      "retweeted" : false,
      "id_str" : "1800000000000000002",
      "created_at" : "Fri Jun 07 15:30:00 +0000 2024",
      "full_text" : "RT @veedurialaloma: Ya van tres días sin agua en la calle 8, ¿quién responde? https://t.co/ZzYy98765a",
      "entities" : {
        "user_mentions" : [
          { "name" : "Veeduría La Loma", "screen_name" : "veedurialaloma", "id_str" : "1650000000000000003" }
        ],
        "urls" : [ ]
      },
      "lang" : "es"
    }
  },
  {
    "tweet" : {
      "id_str" : "1800000000000000003",
      "created_at" : "Fri Jun 07 16:05:00 +0000 2024",
      "full_text" : "@veedurialaloma Ya enviamos un carrotanque a la calle 8 &amp; carrera 3. Así va el trabajo: https://t.co/Ph0t0Link1",
      "in_reply_to_status_id_str" : "1799999999999999900",
      "in_reply_to_user_id_str" : "1650000000000000003",
      "in_reply_to_screen_name" : "veedurialaloma",
      "entities" : {
        "user_mentions" : [
          { "name" : "Veeduría La Loma", "screen_name" : "veedurialaloma", "id_str" : "1650000000000000003" }
        ],
        "urls" : [ ],
        "media" : [
          {
            "url" : "https://t.co/Ph0t0Link1",
            "expanded_url" : "https://x.com/AcueductoSR/status/1800000000000000003/photo/1",
            "media_url_https" : "https://pbs.twimg.com/media/FiCtIoNaL1.jpg",
            "type" : "photo"
          }
        ]
      },
      "extended_entities" : {
        "media" : [
          {
            "url" : "https://t.co/Ph0t0Link1",
            "expanded_url" : "https://x.com/AcueductoSR/status/1800000000000000003/photo/1",
            "media_url_https" : "https://pbs.twimg.com/media/FiCtIoNaL1.jpg",
            "type" : "photo",
            "ext_alt_text" : "Carrotanque repartiendo agua en una esquina"
          },
          {
            "url" : "https://t.co/Ph0t0Link1",
            "expanded_url" : "https://x.com/AcueductoSR/status/1800000000000000003/photo/1",
            "media_url_https" : "https://pbs.twimg.com/media/FiCtIoNaL2.jpg",
            "type" : "photo"
          }
        ]
      },
      "lang" : "es"
    }
  },
  {
    "tweet" : {
      "id_str" : "",
      "created_at" : "Fri Jun 07 17:00:00 +0000 2024",
      "full_text" : "Un elemento sin id: debe rechazarse sin perder los demás."
    }
  }
]
