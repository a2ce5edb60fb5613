window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "id_str" : "1790000000000000003",
      "created_at" : "Tue May 14 15:10:00 +0000 2024",
      "full_text" : "@juliancastano Gracias por avisar: la cuadrilla ya va para la carrera 7 &amp; calle 45.",
      "in_reply_to_status_id_str" : "1790000000000000002",
      "in_reply_to_user_id_str" : "1600000000000000042",
      "in_reply_to_screen_name" : "juliancastano",
      "entities" : {
        "user_mentions" : [
          { "name" : "Julián Castaño", "screen_name" : "juliancastano", "id_str" : "1600000000000000042" }
        ]
      },
      "lang" : "es"
    }
  },
  {
    "tweet" : {
      "id_str" : "1790000000000000001",
      "created_at" : "Mon May 13 13:00:00 +0000 2024",
      "full_text" : "Desde hoy, pico y placa ampliado en el centro de Villa Esperanza. Consulte los horarios en nuestra página.",
      "entities" : { "user_mentions" : [ ] },
      "lang" : "es"
    }
  }
]
