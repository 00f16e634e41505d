def test_home_page_shows_the_state_header(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "République<br>française" in response.content.decode()
