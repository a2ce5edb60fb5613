window.YTD.tweets.part1 = [
  {
    "tweet" : {
      "id_str" : "1800000000000000010",
      "created_at" : "Sat Jun 08 11:00:00 +0000 2024",
      "full_text" : "Se restableció el servicio en La Loma. Gracias por la paciencia.",
      "entities" : { "user_mentions" : [ ], "urls" : [ ] }
    }
  }
]
