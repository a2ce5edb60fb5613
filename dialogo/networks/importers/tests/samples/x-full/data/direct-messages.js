window.YTD.direct_messages.part0 = [
  {
    "dmConversation" : {
      "conversationId" : "1400000000000000007-1650000000000000044",
      "messages" : [
        {
          "messageCreate" : {
            "recipientId" : "1650000000000000044",
            "reactions" : [ ],
            "urls" : [
              {
                "url" : "https://t.co/Fact4ura9z",
                "expanded" : "https://acueducto-sanroque.example/pagos",
                "display" : "acueducto-sanroque.example/pagos"
              }
            ],
            "text" : "Hola Nelly, puede descargar la factura aquí: https://t.co/Fact4ura9z",
            "mediaUrls" : [ ],
            "senderId" : "1400000000000000007",
            "id" : "1801000000000000002",
            "createdAt" : "2024-06-09T14:30:00.000Z"
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "1400000000000000007",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Buenos días, no me llegó la factura de este mes.",
            "mediaUrls" : [ ],
            "senderId" : "1650000000000000044",
            "id" : "1801000000000000001",
            "createdAt" : "2024-06-09T13:10:00.000Z"
          }
        }
      ]
    }
  }
]
